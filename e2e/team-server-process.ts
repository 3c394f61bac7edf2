import { runCli, startCliServer, type RunningWebHost } from './web-host-process'

const SERVER_LINE = /Frontline team server: (http:\/\/127\.0\.0\.1:\d+)/

/** `frontline user add NAME --email E --role R --password-stdin`, as an operator scripts it. */
export async function addUser(dbPath: string, name: string, role: string, password: string): Promise<string> {
  const email = `${name.toLowerCase()}@shop.example`
  await runCli(
    ['user', 'add', name, '--email', email, '--role', role, '--password-stdin', '--db', dbPath],
    `${password}\n`
  )
  return email
}

/** Starts `frontline server` on a free port and waits for the line with its address. */
export async function startTeamServerProcess(dbPath: string): Promise<RunningWebHost> {
  const server = await startCliServer(['server', '--db', dbPath, '--port', '0'], SERVER_LINE)
  return { url: server.address, stop: server.stop }
}
