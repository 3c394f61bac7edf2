import { useId } from 'react'
import type { CostSummary } from '../../../../shared/domain/costs'
import { formatAxisUsd, formatMicroUsd } from './format-cost'
import { formatDay } from '../../format'

const DAY_MS = 86_400_000
const WIDTH = 1000
const HEIGHT = 260
const MARGIN = { top: 14, right: 8, bottom: 30, left: 72 }
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom
/** Enough series colours for the providers Frontline ships with; more models share the last one. */
const SERIES_COLOURS = 6

export interface ChartSeries {
  key: string
  label: string
  totalMicroUsd: number
  colour: number
}

export interface ChartDay {
  day: string
  totalMicroUsd: number
  segments: { series: ChartSeries; microUsd: number }[]
}

/** The last `days` UTC days up to the summary's day, each with its spend per model (missing days are zero). */
export function chartData(
  summary: {
    generatedAt: string
    byDayAndModel: readonly Pick<
      CostSummary['byDayAndModel'][number],
      'day' | 'provider' | 'model' | 'costMicroUsd'
    >[]
  },
  days = 30
): { days: ChartDay[]; series: ChartSeries[] } {
  const today = Date.parse(`${summary.generatedAt.slice(0, 10)}T00:00:00Z`)
  const dayKeys = Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10)
  )
  const totals = new Map<string, number>()
  for (const row of summary.byDayAndModel) {
    const key = `${row.provider}/${row.model}`
    totals.set(key, (totals.get(key) ?? 0) + row.costMicroUsd)
  }
  const series: ChartSeries[] = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, total], index) => ({
      key,
      label: key.slice(key.indexOf('/') + 1),
      totalMicroUsd: total,
      colour: Math.min(index, SERIES_COLOURS - 1) + 1
    }))
  const byKey = new Map(series.map((s) => [s.key, s]))
  const chartDays = dayKeys.map((day) => {
    const segments = summary.byDayAndModel
      .filter((row) => row.day === day && row.costMicroUsd > 0)
      .map((row) => ({ series: byKey.get(`${row.provider}/${row.model}`)!, microUsd: row.costMicroUsd }))
      .sort((a, b) => a.series.colour - b.series.colour)
    return { day, totalMicroUsd: segments.reduce((sum, s) => sum + s.microUsd, 0), segments }
  })
  return { days: chartDays, series }
}

/** Below a tenth of a cent the axis labels would be all zeros; an empty chart shows this scale. */
const SMALLEST_TOP_MICRO_USD = 1_000

/** An axis top that is a round number (1, 2, 2.5 or 5 × 10^n) at or above the highest bar. */
export function niceCeiling(max: number): number {
  if (max <= SMALLEST_TOP_MICRO_USD) return SMALLEST_TOP_MICRO_USD
  const magnitude = 10 ** Math.floor(Math.log10(max))
  const step = [1, 2, 2.5, 5, 10].find((m) => m * magnitude >= max) ?? 10
  return step * magnitude
}

export function SpendChart({ summary }: { summary: CostSummary }) {
  const titleId = useId()
  const descId = useId()
  const { days, series } = chartData(summary)
  const highest = days.reduce((best, d) => (d.totalMicroUsd > best.totalMicroUsd ? d : best), days[0]!)
  const top = niceCeiling(highest.totalMicroUsd)
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * top)
  const band = PLOT_W / days.length
  const barWidth = Math.max(4, band * 0.68)
  const y = (micro: number): number => MARGIN.top + PLOT_H - (micro / top) * PLOT_H
  const empty = highest.totalMicroUsd === 0

  return (
    <figure className="spend-chart">
      <svg
        className="spend-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>Daily AI spend by model, last {days.length} days</title>
        <desc id={descId}>
          {empty
            ? 'No spend in this period.'
            : `Highest day: ${formatDay(highest.day)}, ${formatMicroUsd(highest.totalMicroUsd)}. ` +
              series.map((s) => `${s.label}: ${formatMicroUsd(s.totalMicroUsd)}`).join('; ')}
        </desc>
        <g className="spend-chart__grid">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatAxisUsd(tick)}
              </text>
            </g>
          ))}
        </g>
        <g className="spend-chart__days">
          {days.map((day, i) => {
            const x = MARGIN.left + i * band + (band - barWidth) / 2
            let stacked = 0
            return (
              <g key={day.day} data-day={day.day}>
                <rect
                  className="spend-chart__hover"
                  x={MARGIN.left + i * band}
                  y={MARGIN.top}
                  width={band}
                  height={PLOT_H}
                >
                  <title>
                    {`${formatDay(day.day)}: ${formatMicroUsd(day.totalMicroUsd)}` +
                      day.segments.map((s) => `\n${s.series.label}: ${formatMicroUsd(s.microUsd)}`).join('')}
                  </title>
                </rect>
                {day.segments.map((segment) => {
                  const bottom = stacked
                  stacked += segment.microUsd
                  const height = Math.max(1, y(bottom) - y(stacked))
                  return (
                    <rect
                      key={segment.series.key}
                      className={`spend-chart__bar spend-chart__bar--${segment.series.colour}`}
                      x={x}
                      y={y(bottom) - height}
                      width={barWidth}
                      height={height}
                      rx={1.5}
                    />
                  )
                })}
                {i % 5 === (days.length - 1) % 5 ? (
                  <text className="spend-chart__x" x={x + barWidth / 2} y={HEIGHT - 10} textAnchor="middle">
                    {formatDay(day.day)}
                  </text>
                ) : null}
              </g>
            )
          })}
        </g>
        {empty ? (
          <text
            className="spend-chart__empty"
            x={MARGIN.left + PLOT_W / 2}
            y={MARGIN.top + PLOT_H / 2}
            textAnchor="middle"
          >
            No AI spend in the last {days.length} days
          </text>
        ) : null}
      </svg>
      {series.length > 0 ? (
        <figcaption>
          <ul className="spend-chart__legend" aria-label="Models">
            {series.map((s) => (
              <li key={s.key}>
                <span className={`spend-chart__swatch spend-chart__bar--${s.colour}`} aria-hidden="true" />
                <span className="spend-chart__legend-label">{s.label}</span>
                <span className="spend-chart__legend-value">{formatMicroUsd(s.totalMicroUsd)}</span>
              </li>
            ))}
          </ul>
        </figcaption>
      ) : null}
    </figure>
  )
}
