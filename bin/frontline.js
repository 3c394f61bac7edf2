#!/usr/bin/env node
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS launcher, run by node as is */
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const cli = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  console.error('frontline: the CLI is not built yet. Run `npm run build` in the Frontline folder first.')
  process.exit(1)
}
require(cli)
