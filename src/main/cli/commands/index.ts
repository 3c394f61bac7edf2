import type { CliCommand } from '../command'
import { benchCommand } from './bench'
import { channelKeyCommand } from './channel-key'
import { approveCommand, rejectCommand } from './decide'
import { draftCommand } from './draft'
import { evalCommand } from './eval'
import { importCommand } from './import'
import { kbCommand } from './kb'
import { mcpCommand } from './mcp'
import { mcpServerCommand } from './mcp-server'
import { replayCommand } from './replay'
import { seedCommand } from './seed'
import { serveCommand } from './serve'
import { serverCommand } from './server'
import { userCommand } from './user'
import { shopCommand } from './shop'
import { toolCommand } from './tool'
import { webCommand } from './web'

/** Every `frontline` command, in the order `frontline help` lists them. A new command is a file and a line here. */
export const commands: readonly CliCommand[] = [
  seedCommand,
  importCommand,
  shopCommand,
  kbCommand,
  toolCommand,
  draftCommand,
  replayCommand,
  approveCommand,
  rejectCommand,
  webCommand,
  mcpCommand,
  mcpServerCommand,
  serveCommand,
  channelKeyCommand,
  serverCommand,
  userCommand,
  benchCommand,
  evalCommand
]
