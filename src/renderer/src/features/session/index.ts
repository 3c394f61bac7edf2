export { ChooseConnectionView } from './ChooseConnectionView'
export { ConnectionForm } from './ConnectionForm'
export { InviteView } from './InviteView'
export { SignInView } from './SignInView'
