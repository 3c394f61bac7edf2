export { createDemoModelFetch, DEMO_MODEL, DEMO_PROVIDER_ID, type DemoModelOptions } from './demo-fetch'
export { decideNextTurn, MAX_TOOL_ROUNDS, type DemoTurn } from './demo-policy'
