import { z } from 'zod'

/**
 * A postal address in the parts a person (or a tool) reads and changes one by one. `region` is a
 * state, province or county; `postal_code` a ZIP code or postcode; `line2` may be empty.
 */
export const PostalAddress = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).default(''),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).default(''),
  postal_code: z.string().trim().min(1).max(20),
  country: z.string().trim().min(1).max(100)
})
export type PostalAddress = z.output<typeof PostalAddress>

/** One line for people: "445 Maple Drive, Suite 394, Fort Worth, TX 76165, USA". */
export function formatAddress(address: PostalAddress): string {
  const regionAndCode = [address.region, address.postal_code].filter(Boolean).join(' ')
  return [address.line1, address.line2, address.city, regionAndCode, address.country]
    .filter((part) => part.trim() !== '')
    .join(', ')
}

/** Whether two addresses are the same, part by part, ignoring case and spacing. */
export function sameAddress(a: PostalAddress, b: PostalAddress): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase()
  return (Object.keys(PostalAddress.shape) as (keyof PostalAddress)[]).every(
    (key) => norm(a[key]) === norm(b[key])
  )
}
