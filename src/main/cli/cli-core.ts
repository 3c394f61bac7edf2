import { CLI_CALLER } from '../../shared/domain/caller'
import { createCore, type Core, type CoreOptions } from '../core/create-core'

/** A core for one command: its requests come from the command line, the operator of this database. */
export const createCliCore = (options: Omit<CoreOptions, 'defaultCaller'>): Core =>
  createCore({ ...options, defaultCaller: CLI_CALLER })
