import { expect, it } from 'vitest'
import { MAX_BATCH, turnBatcher } from '../../src/main/turn-batcher'

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

it('sends what one turn posts as one batch when the turn ends', async () => {
  const sent: number[][] = []
  const post = turnBatcher<number>((batch) => sent.push(batch))
  post(1)
  post(2)
  expect(sent).toEqual([])
  await nextTurn()
  expect(sent).toEqual([[1, 2]])
  post(3)
  await nextTurn()
  expect(sent).toEqual([[1, 2], [3]])
})

it('sends a full batch at once, so the other thread can start while this one works on', async () => {
  const sent: number[][] = []
  const post = turnBatcher<number>((batch) => sent.push(batch))
  const count = 2 * MAX_BATCH + 3
  for (let i = 0; i < count; i++) post(i)
  // Two full batches left during the turn; the last three wait for its end.
  expect(sent.map((b) => b.length)).toEqual([MAX_BATCH, MAX_BATCH])
  await nextTurn()
  expect(sent.map((b) => b.length)).toEqual([MAX_BATCH, MAX_BATCH, 3])
  expect(sent.flat()).toEqual(Array.from({ length: count }, (_, i) => i))
})

it('never sends an empty batch', async () => {
  const sent: number[][] = []
  const post = turnBatcher<number>((batch) => sent.push(batch))
  for (let i = 0; i < MAX_BATCH; i++) post(i)
  await nextTurn()
  await nextTurn()
  expect(sent).toEqual([Array.from({ length: MAX_BATCH }, (_, i) => i)])
})
