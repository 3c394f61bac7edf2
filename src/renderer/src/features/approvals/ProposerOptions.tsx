import { useFrontlineStore } from '../../store'

/** Who can have proposed an action besides the team's people. */
const PROPOSERS: { value: string; label: string }[] = [
  { value: 'ai', label: 'The AI' },
  { value: 'chat', label: 'The chat channel' },
  { value: 'mcp', label: 'An MCP host' },
  { value: 'cli', label: 'The command line' }
]

/** The team's people as options, by id. */
export const PeopleOptions = ({ people }: { people: readonly { id: string; name: string }[] }) =>
  people.map((p) => (
    <option key={p.id} value={p.id}>
      {p.name}
    </option>
  ))

/** Team mode: the options of a "Proposed by" filter (the queue's and the decision history's). */
export function ProposerOptions() {
  const people = useFrontlineStore((s) => s.people.data) ?? []
  return (
    <>
      <option value="">Anyone</option>
      {PROPOSERS.map((p) => (
        <option key={p.value} value={p.value}>
          {p.label}
        </option>
      ))}
      <PeopleOptions people={people} />
    </>
  )
}
