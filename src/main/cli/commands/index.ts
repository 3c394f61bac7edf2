import type { CliCommand } from '../command'
import { mcpCommand } from './mcp'
import { seedCommand } from './seed'
import { toolCommand } from './tool'
import { webCommand } from './web'

/** Every `frontline` command, in the order `frontline help` lists them. A new command is a file and a line here. */
export const commands: readonly CliCommand[] = [seedCommand, toolCommand, webCommand, mcpCommand]
