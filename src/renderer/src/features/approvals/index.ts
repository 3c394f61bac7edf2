export { ApprovalsView } from './ApprovalsView'
