import { join } from 'node:path'
import { loadRetailData, type RetailData } from '../../src/main/eval/tau2/retail-data'
import { buildRetailShopImage } from '../../src/main/eval/tau2/retail-shop'

/** τ²-bench's retail data as vendored in the repo, read once per test file. */
export const RETAIL_DIR = join(__dirname, '../../data/tau2-retail')
export const RETAIL_NOW = new Date('2026-11-10T12:00:00.000Z')

let data: RetailData | undefined
let image: Buffer | undefined

export const retailData = (): RetailData => (data ??= loadRetailData(RETAIL_DIR))
export const retailImage = (): Buffer => (image ??= buildRetailShopImage(retailData(), RETAIL_NOW))
