export { LabView } from './LabView'
