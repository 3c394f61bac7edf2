export { InviteView } from './InviteView'
export { SignInView } from './SignInView'
