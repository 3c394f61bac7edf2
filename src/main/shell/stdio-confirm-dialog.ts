import { commandLineText } from '../../shared/domain/mcp-server'
import type { StdioConfirmRequest } from '../mcp-client/manager'

/** The buttons, in order; Electron answers with the index of the one pressed. */
export const STDIO_DIALOG_BUTTONS = ['Don’t allow', 'Allow this program'] as const
const ALLOW = 1

/**
 * The native dialog the desktop app shows before a program runs as an MCP server for the first
 * time. It is drawn by the operating system, outside the window's page, so nothing in the console
 * can answer it; "Don't allow" is the default and what closing the dialog means.
 */
export function stdioConfirmDialogOptions(request: StdioConfirmRequest) {
  const env =
    request.envNames.length > 0 ? `\n\nWith the environment variables: ${request.envNames.join(', ')}` : ''
  return {
    type: 'warning' as const,
    title: 'Allow a program to run?',
    message: `Allow “${request.name}” to run on this computer as an MCP server?`,
    detail:
      `Frontline will start this program with your user’s rights whenever the server is connected:\n\n` +
      `${commandLineText([request.command, ...request.args])}${env}\n\n` +
      'Allow it only if you added it yourself and trust it.',
    buttons: [...STDIO_DIALOG_BUTTONS],
    defaultId: 0,
    cancelId: 0,
    noLink: true
  }
}

export const stdioDialogAllowed = (response: number): boolean => response === ALLOW
