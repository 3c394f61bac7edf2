/**
 * The person the eval stands in for in Approvals: it approves a proposed action when the customer
 * message the proposal answered explicitly confirmed ("yes", "please go ahead", "confirm"), and
 * rejects it otherwise. τ²-bench's policy has the agent ask for an explicit confirmation before
 * any change; a careful teammate approves on that and nothing less.
 */
const CONFIRMS =
  /\b(yes|yeah|yep|yup|confirm(ed|s)?|correct|go ahead|please do|proceed|sure|ok(ay)?|that'?s right)\b/i
const DECLINES = /^\s*(no|nope|don'?t|do not|wait|stop|hold on)\b/i

export const customerConfirmed = (message: string): boolean =>
  CONFIRMS.test(message) && !DECLINES.test(message)

export const APPROVER_NAME = 'τ² approver'

export const APPROVER_RULE =
  'Each proposed action was approved when the customer message it answered explicitly confirmed ' +
  '(yes, confirm, go ahead…), and rejected otherwise.'
