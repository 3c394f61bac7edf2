import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileKeyStore } from '../../src/main/llm/keys'
import { appFileFor, appSchemePrivileges, serveAppRequest } from '../../src/main/shell/app-protocol'
import { chooseKeyStorage } from '../../src/main/shell/key-storage'
import { resolveRendererEntry } from '../../src/main/shell/renderer-entry'
import { createSafeStorageKeyStore, type Encryptor } from '../../src/main/shell/safe-storage-key-store'
import { stdioConfirmDialogOptions, stdioDialogAllowed } from '../../src/main/shell/stdio-confirm-dialog'
import { desktopContentSecurityPolicy } from '../../src/shared/content-security-policy'
import { builtMain, repoRoot } from '../support/built-app'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'frontline-shell-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the renderer over app://', () => {
  const csp = desktopContentSecurityPolicy()
  const renderer = () => {
    const root = join(dir, 'out', 'renderer')
    mkdirSync(join(root, 'assets'), { recursive: true })
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Frontline</title>')
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(dir, 'out', 'secret.txt'), 'not for the page')
    return root
  }

  it('is the window’s page, from a privileged, secure, standard scheme', () => {
    const entry = resolveRendererEntry(join(dir, 'out', 'main'), undefined)
    expect(entry).toEqual({
      kind: 'app',
      url: 'app://frontline/index.html',
      rendererDir: join(dir, 'out', 'renderer')
    })
    expect(appSchemePrivileges).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true }
    })
  })

  it('serves the built files with their type and the unchanged CSP, and nothing outside the folder', async () => {
    const root = renderer()
    const page = await serveAppRequest(root, { url: 'app://frontline/index.html', method: 'GET' }, csp)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(csp)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Frontline</title>')
    const script = await serveAppRequest(
      root,
      { url: 'app://frontline/assets/index-abc.js', method: 'GET' },
      csp
    )
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')

    for (const url of [
      'app://frontline/../secret.txt',
      'app://frontline/%2e%2e/secret.txt',
      'app://frontline/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://elsewhere/index.html',
      'app://frontline/missing.js',
      'file:///etc/passwd'
    ]) {
      const answer = await serveAppRequest(root, { url, method: 'GET' }, csp)
      expect(answer.status, url).toBe(404)
      expect(await answer.text()).not.toContain('not for the page')
    }
    expect(
      (await serveAppRequest(root, { url: 'app://frontline/index.html', method: 'POST' }, csp)).status
    ).toBe(404)
    expect(appFileFor(root, 'app://frontline/')).toBe(join(root, 'index.html'))
  })

  it('leaves ELECTRON_RENDERER_URL out of the production build (only electron-vite dev honours it)', () => {
    const built = builtMain('index.js')
    if (!existsSync(built)) return
    const code = readFileSync(built, 'utf8')
    expect(code).toContain('registerSchemesAsPrivileged')
    expect(code).not.toMatch(/env\.ELECTRON_RENDERER_URL/)
  })
})

describe('the packaging config', () => {
  it('sets the Electron fuses that close the ways around the app’s own code', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, 'electron-builder.json'), 'utf8'))
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
    expect(config.asar).toBe(true)
    // Every fuse named is one electron-builder knows (a misspelt one would be ignored silently).
    const scheme = JSON.parse(
      readFileSync(join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8')
    )
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties)
    for (const fuse of Object.keys(config.electronFuses)) expect(known).toContain(fuse)
  })
})

describe('where the desktop app keeps keys', () => {
  const probe = (available: boolean, backend?: string) => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: backend ? () => backend : undefined
  })

  it('uses the keychain, except where safeStorage could only obfuscate (basic_text) or not encrypt at all', () => {
    expect(chooseKeyStorage(probe(true, 'gnome_libsecret'), 'linux')).toEqual({
      kind: 'os-keychain',
      notice: null
    })
    expect(chooseKeyStorage(probe(true), 'darwin')).toEqual({ kind: 'os-keychain', notice: null })
    const basic = chooseKeyStorage(probe(true, 'basic_text'), 'linux')
    expect(basic.kind).toBe('file')
    expect(basic.notice).toMatch(/no keyring/)
    expect(chooseKeyStorage(probe(false), 'linux').kind).toBe('file')
  })

  it('refuses to store a key with the basic_text backend, and reads keys the browser console saved', async () => {
    const reversible: Encryptor = {
      isEncryptionAvailable: () => true,
      encryptString: (plain) => Buffer.from(plain).reverse(),
      decryptString: (data) => Buffer.from(data).reverse().toString(),
      getSelectedStorageBackend: () => 'basic_text'
    }
    const files = createFileKeyStore({ dir })
    await files.set('mcp.tiny', '{"headers":{},"env":{"A":"b"}}')
    const keys = createSafeStorageKeyStore({ dir, encryptor: reversible, alsoRead: files })
    await expect(keys.set('openai', 'sk-test-0123456789')).rejects.toThrow(/no keyring/)
    expect(existsSync(join(dir, 'openai.enc'))).toBe(false)
    expect(await keys.get('mcp.tiny')).toBe('{"headers":{},"env":{"A":"b"}}')
    await keys.delete('mcp.tiny')
    expect(await files.get('mcp.tiny')).toBeUndefined()
  })
})

describe('the stdio server dialog', () => {
  it('shows the exact command line and variables, and takes closing it as no', () => {
    const options = stdioConfirmDialogOptions({
      name: 'Files',
      command: 'npx',
      args: ['-y', '@acme/files', '--dir', 'My Files'],
      envNames: ['API_TOKEN']
    })
    expect(options.message).toBe('Allow “Files” to run on this computer as an MCP server?')
    expect(options.detail).toContain('npx -y @acme/files --dir "My Files"')
    expect(options.detail).toContain('API_TOKEN')
    expect(options.buttons[options.cancelId]).toBe('Don’t allow')
    expect(options.defaultId).toBe(options.cancelId)
    expect(stdioDialogAllowed(options.cancelId)).toBe(false)
    expect(stdioDialogAllowed(options.buttons.indexOf('Allow this program'))).toBe(true)
  })
})
