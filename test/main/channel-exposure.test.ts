import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { get } from 'node:https'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exposureRefusal } from '../../src/main/policy/network-exposure'
import { AppFailure } from '../../src/shared/result'
import { startHarness, type ChannelHarness } from './channel-support'

let h: ChannelHarness | undefined
afterEach(async () => {
  await h?.cleanup()
  h = undefined
})

const refusalOf = async (start: () => Promise<unknown>): Promise<AppFailure> => {
  try {
    await start()
  } catch (error) {
    if (error instanceof AppFailure) return error
    throw error
  }
  throw new Error('it started')
}

/** A self-signed certificate for 127.0.0.1, made with the system's openssl. */
function selfSigned(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile
    ],
    { stdio: 'ignore' }
  )
  return { certFile, keyFile }
}

const httpsJson = (url: string, ca: Buffer): Promise<{ status: number; body: unknown }> =>
  new Promise((resolve, reject) => {
    get(url, { ca }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    }).on('error', reject)
  })

describe('where the chat API may listen', () => {
  it('the rule: loopback always; any other address only with TLS or a declared proxy', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost']) {
      expect(exposureRefusal({ host, tls: false, behindProxy: false }), host).toBeNull()
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'shop-server.lan', '128.0.0.1']) {
      expect(exposureRefusal({ host, tls: false, behindProxy: false }), host).toMatch(/without TLS/)
      expect(exposureRefusal({ host, tls: true, behindProxy: false })).toBeNull()
      expect(exposureRefusal({ host, tls: false, behindProxy: true })).toBeNull()
    }
  })

  it('refuses 0.0.0.0 without TLS or a proxy, naming host; serves it behind a declared proxy', async () => {
    h = await startHarness()
    await h.runtime.stop()
    const refused = await refusalOf(() => h!.runtime.start({ host: '0.0.0.0', port: 0 }))
    expect(refused.code).toBe('not_allowed')
    expect(refused.issues?.[0]?.field).toBe('host')
    expect(h.runtime.status().running).toBe(false)
    const viaContract = await h.core.invoke('channel.start', { host: '0.0.0.0', port: 0 })
    expect(!viaContract.ok && viaContract.error.issues?.[0]?.field).toBe('host')

    h.runtime.updateSettings({ behindProxy: true })
    const status = await h.runtime.start({ host: '0.0.0.0', port: 0 })
    expect(status.running).toBe(true)
    const port = new URL(status.url!).port
    const health = await fetch(`http://127.0.0.1:${port}/health`)
    expect(health.status).toBe(200)
  })

  it('serves HTTPS with the configured certificate, and refuses a certificate file that is not there', async () => {
    h = await startHarness()
    await h.runtime.stop()
    h.runtime.updateSettings({
      tls: { certFile: join(h.dir, 'missing.pem'), keyFile: join(h.dir, 'missing-key.pem') }
    })
    const missing = await refusalOf(() => h!.runtime.start({ host: '0.0.0.0', port: 0 }))
    expect(missing.issues).toEqual([{ field: 'tls.certFile', message: 'no such file' }])

    const tls = selfSigned(h.dir)
    h.runtime.updateSettings({ tls })
    const status = await h.runtime.start({ host: '0.0.0.0', port: 0 })
    expect(status.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+$/)
    const port = new URL(status.url!).port
    const health = await httpsJson(`https://127.0.0.1:${port}/health`, readFileSync(tls.certFile))
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({ status: 'healthy' })
  })
})
