import { APPROVER_RULE } from './approver'
import type { EvalResult, TaskScore } from './run-eval'
import { describeReason } from './score'

/** The eval's result for people: Markdown (a table per task, why each failure) and HTML with a chart. */

const percent = (value: number): string => (Number.isNaN(value) ? 'n/a' : `${(value * 100).toFixed(1)} %`)
const usd = (micro: number): string => `$${(micro / 1_000_000).toFixed(4)}`
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

/** Published pass^1 on the same retail domain, for comparison (from the issue that asked for this eval). */
export const PUBLISHED_ANCHORS = [
  { model: 'Claude Opus 4.6', passHat1: 0.919, note: 'τ²-bench retail' },
  { model: 'Claude Sonnet 4.6', passHat1: 0.917, note: 'τ²-bench retail' },
  { model: 'GPT-4o', passHat1: 0.6, note: 'about 60 % on the older τ-bench retail' }
]

function taskTotals(task: TaskScore) {
  const sum = (pick: (r: TaskScore['results'][number]) => number) =>
    task.results.reduce((t, r) => t + pick(r), 0)
  return {
    tokensIn: sum((r) => r.agent.tokensIn),
    tokensOut: sum((r) => r.agent.tokensOut),
    cost: sum((r) => r.agent.costMicroUsd),
    latency: task.results.length > 0 ? sum((r) => r.wallMs) / task.results.length : 0
  }
}

function whyFailed(task: TaskScore, limit = 3): string[] {
  const reasons = task.results.filter((r) => !r.passed).flatMap((r) => r.reasons.map(describeReason))
  const unique = [...new Set(reasons)]
  return unique.length > limit ? [...unique.slice(0, limit), `… ${unique.length - limit} more`] : unique
}

export function markdownReport(result: EvalResult): string {
  const t = result.totals
  const lines = [
    '# τ²-bench retail: Frontline’s agent',
    '',
    `Agent model: **${result.agentModel}** · user simulator: **${result.userModel}** · ${result.tasks.length} tasks × ${result.k} trials · ${result.startedAt}`,
    '',
    `Approver: ${APPROVER_RULE}`,
    '',
    '| | score |',
    '| --- | --- |',
    ...result.passHat.map((value, i) => `| pass^${i + 1} | ${percent(value)} |`),
    '',
    `Trials passed: ${t.passed} / ${t.trials}. Agent tokens: ${t.agentTokensIn} in, ${t.agentTokensOut} out; cost ${usd(t.agentCostMicroUsd)}. ` +
      `User simulator tokens: ${t.userTokensIn} in, ${t.userTokensOut} out. Wall time ${seconds(t.wallMs)}.`,
    '',
    'Published pass^1 on the same domain: ' +
      PUBLISHED_ANCHORS.map((a) => `${a.model} ${percent(a.passHat1)} (${a.note})`).join('; ') +
      '.',
    '',
    '| task | passed | pass^1 | agent tokens in / out | cost | latency / trial | why it failed |',
    '| --- | --- | --- | --- | --- | --- | --- |'
  ]
  for (const task of result.tasks) {
    const totals = taskTotals(task)
    lines.push(
      `| ${task.taskId} | ${task.successes} / ${task.trials} | ${percent(task.passHat[0] ?? Number.NaN)} | ` +
        `${totals.tokensIn} / ${totals.tokensOut} | ${usd(totals.cost)} | ${seconds(totals.latency)} | ` +
        `${whyFailed(task).join('<br>').replace(/\|/g, '\\|')} |`
    )
  }
  return `${lines.join('\n')}\n`
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  )

/** A bar chart as inline SVG: pass^1…pass^k, then each task's pass^1. */
function chart(result: EvalResult): string {
  const bars = [
    ...result.passHat.map((value, i) => ({ label: `pass^${i + 1}`, value, strong: true })),
    ...result.tasks.map((task) => ({ label: task.taskId, value: task.passHat[0] ?? 0, strong: false }))
  ]
  const width = 14
  const height = 160
  const svgWidth = bars.length * (width + 4) + 40
  const rects = bars
    .map((bar, i) => {
      const h = Math.round((Number.isNaN(bar.value) ? 0 : bar.value) * height)
      const x = 30 + i * (width + 4)
      return (
        `<rect x="${x}" y="${10 + height - h}" width="${width}" height="${h}" fill="${bar.strong ? '#2563eb' : '#94a3b8'}">` +
        `<title>${escapeHtml(bar.label)}: ${percent(bar.value)}</title></rect>` +
        `<text x="${x + width / 2}" y="${height + 24}" font-size="8" text-anchor="middle">${escapeHtml(bar.label)}</text>`
      )
    })
    .join('')
  return (
    `<svg role="img" aria-label="pass^k and each task's pass^1" width="${svgWidth}" height="${height + 34}" xmlns="http://www.w3.org/2000/svg">` +
    `<line x1="28" y1="10" x2="28" y2="${height + 10}" stroke="#333"/><text x="0" y="14" font-size="9">100%</text>` +
    `<text x="8" y="${height + 12}" font-size="9">0</text>${rects}</svg>`
  )
}

export function htmlReport(result: EvalResult): string {
  const rows = result.tasks
    .map((task) => {
      const totals = taskTotals(task)
      return (
        `<tr class="${task.successes === task.trials ? 'pass' : 'fail'}"><td>${escapeHtml(task.taskId)}</td>` +
        `<td>${task.successes} / ${task.trials}</td><td>${percent(task.passHat[0] ?? Number.NaN)}</td>` +
        `<td>${totals.tokensIn} / ${totals.tokensOut}</td><td>${usd(totals.cost)}</td><td>${seconds(totals.latency)}</td>` +
        `<td>${whyFailed(task, 10).map(escapeHtml).join('<br>')}</td></tr>`
      )
    })
    .join('\n')
  const t = result.totals
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>τ²-bench retail: ${escapeHtml(result.agentModel)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:1100px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}tr.fail td:first-child{color:#b91c1c}tr.pass td:first-child{color:#15803d}</style>
</head><body>
<h1>τ²-bench retail: Frontline’s agent</h1>
<p>Agent model <strong>${escapeHtml(result.agentModel)}</strong>, user simulator <strong>${escapeHtml(result.userModel)}</strong>, ${result.tasks.length} tasks × ${result.k} trials, ${escapeHtml(result.startedAt)}.</p>
<p>Approver: ${escapeHtml(APPROVER_RULE)}</p>
<p>${result.passHat.map((v, i) => `pass^${i + 1}: <strong>${percent(v)}</strong>`).join(' · ')}</p>
<p>Trials passed ${t.passed} / ${t.trials}; agent tokens ${t.agentTokensIn} in, ${t.agentTokensOut} out; cost ${usd(t.agentCostMicroUsd)}; user simulator tokens ${t.userTokensIn} in, ${t.userTokensOut} out; wall time ${seconds(t.wallMs)}.</p>
<p>Published pass^1 on the same domain: ${PUBLISHED_ANCHORS.map((a) => `${escapeHtml(a.model)} ${percent(a.passHat1)} (${escapeHtml(a.note)})`).join('; ')}.</p>
${chart(result)}
<table><thead><tr><th>task</th><th>passed</th><th>pass^1</th><th>agent tokens in / out</th><th>cost</th><th>latency / trial</th><th>why it failed</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`
}
