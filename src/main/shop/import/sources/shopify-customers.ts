import type { CustomerRecord } from '../../shop-records'
import { parseEmail } from '../cell-values'
import { defineSourceKind, refuseProblems } from '../source-kinds'

/**
 * Shopify's customers export, one row per customer. Its Customer ID becomes the customer's id in
 * Frontline (what the shop's website sends the chat API as customer_id); without it, the email is
 * the key. Excel-proofed ids ("'7012345678") lose their apostrophe.
 */
export const shopifyCustomers = defineSourceKind({
  id: 'shopify-customers',
  platform: 'shopify',
  entity: 'customers',
  label: 'Shopify customers export',
  columns: {
    id: ['Customer ID', 'Id'],
    firstName: ['First Name'],
    lastName: ['Last Name'],
    email: ['Email']
  },
  signature: ['email', 'firstName', 'lastName'],
  writerFields: { email: 'email', default: 'id' },
  required: ['email'],
  reader(columns, _context, emit) {
    return {
      row(row) {
        refuseProblems(
          columns,
          emit,
          () => {
            const email = parseEmail('email', columns.cell(row.cells, 'email'))
            const id = columns.cell(row.cells, 'id').replace(/^'/, '')
            const name =
              `${columns.cell(row.cells, 'firstName')} ${columns.cell(row.cells, 'lastName')}`.trim()
            const customer: CustomerRecord = {
              ...(id ? { id: id.slice(0, 64) } : {}),
              email,
              name: (name || email).slice(0, 200)
            }
            emit({ kind: 'record', record: { kind: 'customer', value: customer }, line: row.line })
          },
          row
        )
      },
      end: () => undefined
    }
  }
})
