import type { CliCommand } from '../command'
import { benchCommand } from './bench'
import { channelKeyCommand } from './channel-key'
import { approveCommand, rejectCommand } from './decide'
import { draftCommand } from './draft'
import { mcpCommand } from './mcp'
import { seedCommand } from './seed'
import { serveCommand } from './serve'
import { serverCommand } from './server'
import { userCommand } from './user'
import { toolCommand } from './tool'
import { webCommand } from './web'

/** Every `frontline` command, in the order `frontline help` lists them. A new command is a file and a line here. */
export const commands: readonly CliCommand[] = [
  seedCommand,
  toolCommand,
  draftCommand,
  approveCommand,
  rejectCommand,
  webCommand,
  mcpCommand,
  serveCommand,
  channelKeyCommand,
  serverCommand,
  userCommand,
  benchCommand
]
