// Opens the read model that ISF_READ_MODEL names (config/env.ts), with the payload codec of the
// process that opens it: the worker writes it, the service reads it, the rebuild does both.
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readModelOf } from '../config/env';
import { ReadModel } from './model';
import { postgresStore } from './postgres';
import { sqliteStore } from './sqlite';

export async function openReadModel(
  converter: DataConverter,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ReadModel> {
  const where = readModelOf(env);
  const codecs = converter.payloadCodecs ?? [];
  if (where.kind === 'postgres') {
    return new ReadModel(await postgresStore(where.url), codecs);
  }
  return sqliteReadModel(where.file, codecs);
}

/** A read model in a SQLite file (its folder made owner-only when it is new). */
export function sqliteReadModel(file: string, codecs: readonly PayloadCodec[]): ReadModel {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  return new ReadModel(sqliteStore(file), codecs);
}
