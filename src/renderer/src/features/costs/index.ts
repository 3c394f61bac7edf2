export { CostsView } from './CostsView'
