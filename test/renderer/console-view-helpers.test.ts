import { describe, expect, it } from 'vitest'
import { chartData, niceCeiling } from '../../src/renderer/src/features/costs/SpendChart'
import {
  formatAxisUsd,
  formatMicroUsd,
  formatTokens
} from '../../src/renderer/src/features/costs/format-cost'
import { fieldWords, plainMessage, sortIssues } from '../../src/renderer/src/features/settings/field-errors'
import { parsePairs, splitArgs } from '../../src/renderer/src/features/settings/McpServers'

describe('costs in micro-dollars', () => {
  it('shows two significant digits of small amounts and cents of large ones', () => {
    expect(formatMicroUsd(0)).toBe('$0.00')
    expect(formatMicroUsd(1)).toBe('$0.000001')
    expect(formatMicroUsd(38)).toBe('$0.000038')
    expect(formatMicroUsd(4_200)).toBe('$0.0042')
    expect(formatMicroUsd(20_000)).toBe('$0.02')
    expect(formatMicroUsd(287_100)).toBe('$0.2871')
    expect(formatMicroUsd(1_234_000)).toBe('$1.234')
    expect(formatMicroUsd(12_400_000)).toBe('$12.40')
    expect(formatMicroUsd(1_234_567_890)).toBe('$1,234.57')
  })

  it('labels chart axes briefly and counts tokens compactly', () => {
    expect(formatAxisUsd(0)).toBe('$0')
    expect(formatAxisUsd(5_000)).toBe('$0.005')
    expect(formatAxisUsd(250_000)).toBe('$0.25')
    expect(formatAxisUsd(2_500_000)).toBe('$2.5')
    expect(formatAxisUsd(20_000_000)).toBe('$20')
    expect(formatTokens(950)).toBe('950')
    expect(formatTokens(12_345)).toBe('12.3K')
    expect(formatTokens(4_100_000)).toBe('4.1M')
  })
})

describe('the daily spend chart', () => {
  it('rounds the axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1_000)
    expect(niceCeiling(4)).toBe(1_000)
    expect(niceCeiling(1_200)).toBe(2_000)
    expect(niceCeiling(9_600)).toBe(10_000)
    expect(niceCeiling(11_000)).toBe(20_000)
    expect(niceCeiling(240_000)).toBe(250_000)
    expect(niceCeiling(276_000)).toBe(500_000)
  })

  it('fills the 30 days up to today, stacks models by total spend, skips free segments', () => {
    const { days, series } = chartData({
      generatedAt: '2026-11-25T17:00:00.000Z',
      byDayAndModel: [
        { day: '2026-11-20', provider: 'openai', model: 'gpt-4.1', costMicroUsd: 100 },
        { day: '2026-11-25', provider: 'demo', model: 'frontline-demo', costMicroUsd: 0 },
        { day: '2026-11-25', provider: 'deepseek', model: 'deepseek-chat', costMicroUsd: 30 },
        { day: '2026-11-25', provider: 'openai', model: 'gpt-4.1', costMicroUsd: 50 }
      ]
    })
    expect(days).toHaveLength(30)
    expect(days[0]!.day).toBe('2026-10-27')
    expect(days.at(-1)!.day).toBe('2026-11-25')
    expect(series.map((s) => [s.label, s.totalMicroUsd, s.colour])).toEqual([
      ['gpt-4.1', 150, 1],
      ['deepseek-chat', 30, 2],
      ['frontline-demo', 0, 3]
    ])
    expect(days.at(-1)!.segments.map((s) => [s.series.label, s.microUsd])).toEqual([
      ['gpt-4.1', 50],
      ['deepseek-chat', 30]
    ])
    expect(days.at(-1)!.totalMicroUsd).toBe(80)
    expect(days.filter((d) => d.totalMicroUsd === 0)).toHaveLength(28)
  })
})

describe('settings forms', () => {
  it('puts the core’s issues beside the fields they name, in words a person reads', () => {
    const sorted = sortIssues(
      {
        code: 'invalid_input',
        message: 'Invalid input',
        issues: [
          { field: 'provider.baseURL', message: 'Invalid URL' },
          {
            field: 'provider.models.0.inputPerMTok',
            message: 'Invalid input: expected number, received null'
          },
          { field: 'provider.rateLimits.maxInFlight', message: 'Too small: expected number to be >0' }
        ]
      },
      'provider.',
      []
    )
    expect(sorted.byField).toEqual({
      baseURL: 'Enter a full address, e.g. https://api.example.com/v1',
      'models.0.inputPerMTok': 'Enter a number.',
      'rateLimits.maxInFlight': 'Must be more than 0.'
    })
    expect(sorted.general).toBeNull()
  })

  it('words a length limit for a person', () => {
    const sorted = sortIssues(
      {
        code: 'invalid_input',
        message: 'Invalid input',
        issues: [{ field: 'name', message: 'Too big: expected string to have <=500 characters' }]
      },
      '',
      []
    )
    expect(sorted.byField).toEqual({ name: 'At most 500 characters.' })
  })

  it('says what no field explains above the Save button', () => {
    const refused = sortIssues(
      { code: 'not_allowed', message: 'The demo model cannot be edited.' },
      'provider.',
      []
    )
    expect(refused).toEqual({ byField: {}, general: 'The demo model cannot be edited.' })
    const elsewhere = sortIssues(
      {
        code: 'invalid_input',
        message: 'x',
        issues: [{ field: 'provider.id', message: 'unknown provider' }]
      },
      'provider.',
      ['baseURL']
    )
    expect(elsewhere.general).toBe('Id: Unknown provider')
  })

  it.each([
    ['Too big: expected string to have <=500 characters', 'At most 500 characters.'],
    ['Too small: expected string to have >=1 characters', 'Fill this in.'],
    ['Too small: expected string to have >=3 characters', 'At least 3 characters.'],
    ['Too big: expected number to be <=65535', 'Must be 65,535 or less.'],
    ['Too small: expected number to be >=0', 'Must be 0 or more.'],
    ['Too big: expected array to have <=50 items', 'At most 50 entries.'],
    ['Too small: expected array to have >=1 items', 'Add at least one.'],
    ['Invalid input: expected int, received number', 'Enter a whole number.'],
    ['Invalid option: expected one of "stdio"|"http"', 'Choose one of: stdio, http.'],
    [
      'Unrecognized key: "colour"',
      'This form sent something Frontline does not know (colour): reload the page and try again.'
    ],
    [
      'MCP error -32000: Connection closed',
      'The server stopped before it answered. Check its command and arguments: it must run on its own and speak MCP on its standard input and output.'
    ],
    ['MCP error -32001: Request timed out', 'The server did not answer in time.'],
    ['spawn acme-mcp ENOENT', 'That command was not found on this machine.'],
    // The core's own sentences are already for people.
    ['Say why the action is rejected.', 'Say why the action is rejected.']
  ])('says “%s” as “%s”', (message, sentence) => {
    expect(plainMessage(message)).toBe(sentence)
  })

  it('names a field no form shows in words, not as a path', () => {
    expect(fieldWords('provider.models.0.inputPerMTok')).toBe('Input per mtok')
    expect(fieldWords('(root)')).toBe('The form')
    const general = sortIssues(
      {
        code: 'invalid_input',
        message: 'x',
        issues: [{ field: 'name', message: 'Too big: expected string to have <=100 characters' }]
      },
      'other.',
      []
    ).general
    expect(general).toBe('Name: At most 100 characters.')
  })

  it('reads an MCP server command line and its environment or header lines', () => {
    expect(splitArgs(`npx -y @acme/mcp --dir "My Files" 'a b'`)).toEqual([
      'npx',
      '-y',
      '@acme/mcp',
      '--dir',
      'My Files',
      'a b'
    ])
    expect(parsePairs('API_TOKEN=abc=def\n\n  REGION = eu ', '=')).toEqual({
      API_TOKEN: 'abc=def',
      REGION: 'eu'
    })
    expect(parsePairs('Authorization: Bearer x:y', ':')).toEqual({ Authorization: 'Bearer x:y' })
  })
})
