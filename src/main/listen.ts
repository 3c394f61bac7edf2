import type { Server } from 'node:net'

/** Why a server cannot listen, in words a person can act on (one line, no stack). */
function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const at = `${host}:${port}`
  const reasons: Record<string, string> = {
    EADDRINUSE: `Port ${port} on ${host} is already in use: choose another, or 0 for any free port.`,
    EADDRNOTAVAIL: `${host} is not an address of this machine: listen on 127.0.0.1, 0.0.0.0 or one of its own addresses.`,
    EACCES: `Listening on ${at} needs privileges this process lacks (ports below 1024 usually do): choose another port.`,
    ENOTFOUND: `cannot find the host "${host}": give an address such as 127.0.0.1, or a name this machine resolves.`,
    EAI_AGAIN: `cannot find the host "${host}" right now (the name lookup failed): give an address such as 127.0.0.1.`
  }
  return new Error(reasons[error.code ?? ''] ?? `cannot listen on ${at}: ${error.message}`)
}

/** Starts `server` listening and resolves with its port, or rejects with why it cannot. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => reject(listenFailure(error, host, port))
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}
