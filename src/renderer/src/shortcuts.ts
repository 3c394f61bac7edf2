import type { FrontlineState } from './store'

/** Where a shortcut puts the focus: elements carry `data-shortcut="<name>"`. */
export type FocusTarget = 'search' | 'status' | 'priority' | 'tag' | 'reply' | 'note'

/** Focuses a target; a group of choices focuses its current one. False when it is not on screen. */
export function focusShortcutTarget(target: FocusTarget): boolean {
  const element = document.querySelector<HTMLElement>(`[data-shortcut="${target}"]`)
  if (!element) return false
  const inner = element.matches('[role="group"]')
    ? element.querySelector<HTMLElement>('[tabindex="0"]')
    : null
  ;(inner ?? element).focus()
  return true
}

export interface Shortcut {
  /** As KeyboardEvent.key reports it. */
  key: string
  /** How it is written in the list of shortcuts. */
  label: string
  description: string
  /** Only in team mode (assignment); the list of shortcuts leaves it out on a single desktop. */
  team?: true
  /** Absent for keys handled where they apply (the inbox's list, a text field). */
  run?: (store: FrontlineState, ui: { openHelp(): void }) => void
}

const onTicket =
  (target: FocusTarget) =>
  (store: FrontlineState): void => {
    if (store.view !== 'inbox' || !store.openTicketId) return
    focusShortcutTarget(target)
  }

/** Every shortcut of the console, in the order the help lists them. */
export const shortcuts: readonly Shortcut[] = [
  {
    key: '/',
    label: '/',
    description: 'Search tickets (messages, notes, customers, emails, ids)',
    run: (store) => {
      store.setView('inbox')
      // The inbox may be hidden behind another view for this one render.
      requestAnimationFrame(() => focusShortcutTarget('search'))
    }
  },
  { key: 'j', label: 'j / ↓', description: 'Next ticket in the list' },
  { key: 'k', label: 'k / ↑', description: 'Previous ticket in the list' },
  { key: 'Enter', label: 'Enter', description: 'Open the ticket in focus' },
  // In the inbox's list, on the row in focus (InboxView): 't' stays the tag's, so taking is 'm'.
  { key: 'x', label: 'x', description: 'Pick the ticket in focus', team: true },
  { key: 'm', label: 'm', description: 'Make the picked tickets (or the one in focus) mine', team: true },
  { key: 'A', label: 'Shift+A', description: 'Assign the picked tickets to someone', team: true },
  { key: 'Escape', label: 'Esc', description: 'Close the open ticket', run: (store) => store.closeTicket() },
  { key: 'r', label: 'r', description: 'Write the reply', run: onTicket('reply') },
  { key: 'n', label: 'n', description: 'Write an internal note', run: onTicket('note') },
  { key: 's', label: 's', description: 'Set the status (then ← → and Enter)', run: onTicket('status') },
  { key: 'p', label: 'p', description: 'Set the priority (then ← → and Enter)', run: onTicket('priority') },
  { key: 't', label: 't', description: 'Add a tag', run: onTicket('tag') },
  { key: 'Control+Enter', label: 'Ctrl+Enter', description: 'Send the reply, add the note' },
  { key: '?', label: '?', description: 'Show these shortcuts', run: (_store, ui) => ui.openHelp() }
]

const byKey = new Map(shortcuts.filter((s) => s.run).map((s) => [s.key, s]))

export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** The shortcut a key press asks for, unless the person is typing or holds a modifier. */
export function shortcutFor(event: KeyboardEvent): Shortcut | undefined {
  if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return undefined
  if (isTyping(event.target)) return undefined
  return byKey.get(event.key)
}
