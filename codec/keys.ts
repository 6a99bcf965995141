// Where the codec keys come from: ISF_CODEC_KEYS (the JSON itself), else the file ISF_CODEC_KEY_FILE,
// else ISF_DATA_DIR/codec-keys.json (`npm start` makes one on first run), ISF_DATA_DIR taken from
// the project, not the current directory. Never from the repository; never silently none: whatever
// talks to Temporal refuses to run without keys rather than send plaintext.
// The file: { "current": "k2", "keys": { "k1": "<base64>", "k2": "<base64>" } }.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/errors';
import { codecKeySource, defaultKeyFile } from '../config/env';
import { z } from 'zod';
import { check } from '../concern/invalid';
import type { CodecKeys } from './aes-gcm';

const fileSchema = z
  .object({
    current: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
    keys: z.record(z.string(), z.base64()),
  })
  .strict()
  .refine((f) => f.current in f.keys, { error: 'must name one of the keys', path: ['current'] });

function parse(json: string, source: string): CodecKeys {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError(`${source}: not JSON`);
  }
  const checked = check(fileSchema, raw);
  if (!checked.ok) throw new ConfigError(`${source}: ${checked.reason}`);
  const keys = new Map(
    Object.entries(checked.value.keys).map(([id, b64]) => [id, new Uint8Array(Buffer.from(b64, 'base64'))] as const),
  );
  for (const [id, key] of keys)
    if (key.length !== 32) throw new ConfigError(`${source}: keys.${id}: must be 32 bytes, base64 (got ${key.length})`);
  return { current: checked.value.current, keys };
}

/** The codec keys from the environment or a key file, or null when there are none. */
export function codecKeys(env: NodeJS.ProcessEnv = process.env): CodecKeys | null {
  const { inline, file, named } = codecKeySource(env);
  if (inline) return parse(inline, 'ISF_CODEC_KEYS');
  if (!existsSync(file)) {
    if (named) throw new ConfigError(`ISF_CODEC_KEY_FILE=${file}: no such file`);
    return null;
  }
  return parse(readFileSync(file, 'utf8'), file);
}

/** The codec keys, or one line saying where they were looked for: nothing talks to Temporal in plaintext. */
export function requireCodecKeys(env: NodeJS.ProcessEnv = process.env): CodecKeys {
  const keys = codecKeys(env);
  if (!keys) {
    throw new ConfigError(
      `no payload encryption keys: set ISF_CODEC_KEYS or ISF_CODEC_KEY_FILE, or run npm start once to make ${defaultKeyFile(env)}; nothing is sent to Temporal unencrypted`,
    );
  }
  return keys;
}

interface KeySet {
  current: string;
  keys: Record<string, string>;
}

/** A fresh key, named by when it was made, added to a key set and made current. */
export function withNewKey(existing: KeySet = { current: '', keys: {} }): KeySet {
  const id = `k${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  return { current: id, keys: { ...existing.keys, [id]: randomBytes(32).toString('base64') } };
}

/** Adds a new key and makes it current (creating the file if needed); old keys stay to decrypt. */
export function rotateKeyFile(file: string): string {
  const existing = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KeySet) : undefined;
  const next = withNewKey(existing);
  const id = next.current;
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return id;
}
