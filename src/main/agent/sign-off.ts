/** Who the replies are from: the system prompt asks the model for it, and the drafters write it. */
export const TEAM_NAME = 'The Frontline support team'

export const SIGN_OFF = `Best regards,\n${TEAM_NAME}`
