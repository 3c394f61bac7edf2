import { runCli } from './run'

// A closed pipe (`frontline tool … | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

let settled = false
// The exit code is the command's answer: if nothing keeps the process alive until the command
// settles (a worker or timer let go too early), saying "done" with 0 would be a lie.
process.on('beforeExit', () => {
  if (settled) return
  settled = true
  console.error('frontline: the command stopped before it finished (this is a bug in Frontline).')
  process.exitCode = 1
})

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    settled = true
    process.exitCode = code
  },
  (error: unknown) => {
    settled = true
    console.error('frontline:', error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
)
