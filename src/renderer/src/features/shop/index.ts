export { FirstRun } from './FirstRun'
export { ShopDataSettings } from './ShopDataSettings'
