// Each user's private key lives in their own configuration folder (ISF_KEYS_DIR, else
// ~/.config/isf/keys), one file per user, readable by them alone: the only thing `isf` needs on a
// user's machine. The demo users of the example configuration have demo keys in config/demo-keys/
// so that the README walk-through signs its decisions; those are public, and a configuration that
// is not the demo refuses them (config/schema.ts), so signing with one proves nothing anywhere else.
//
// Signing uses Node's own Ed25519 (the same signatures the workflow verifies with @noble/curves).
import { createPrivateKey, createPublicKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ED25519_PKCS8_PREFIX } from '../api/signature';
import { PROJECT_ROOT } from '../config/paths';
import { signedMessage } from '../concern/signed-message';
import type { DecisionSignature } from '../concern/signing';
import { CliError, EXIT } from './errors';
import { keysDir } from '../config/env';

export const DEMO_KEYS_DIR = join(PROJECT_ROOT, 'config', 'demo-keys');

export { keysDir };

const keyFile = (dir: string, user: string) => join(dir, `${user}.key`);

/** The user's private key (hex): their own, else a published demo key, else none. */
export function privateKeyOf(user: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of [keysDir(env), DEMO_KEYS_DIR]) {
    const file = keyFile(dir, user);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  }
  return undefined;
}

/** A private key (hex seed) as Node's crypto takes it. */
export function privateKeyObject(privateKeyHex: string): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(privateKeyHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** Signs bytes with a user's key: Ed25519, deterministic. */
export const signBytes = (data: Uint8Array, key: KeyObject): Buffer => sign(null, data, key);

/** `isf keys init`: a new key pair; the private half in a file only its owner can read. */
export function initKeys(
  user: string,
  force = false,
  env: NodeJS.ProcessEnv = process.env,
): { user: string; publicKey: string; file: string } {
  const dir = keysDir(env);
  const file = keyFile(dir, user);
  if (existsSync(file) && !force) {
    throw new CliError(
      EXIT.refused,
      `${file} already exists: keep it, or replace it with --force (then update users[].publicKey)`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKey = randomPrivateKey();
  const publicKey = createPublicKey(privateKeyObject(privateKey))
    .export({ format: 'der', type: 'spki' })
    .subarray(-32)
    .toString('hex');
  writeFileSync(file, `${privateKey}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { user, publicKey, file };
}

function randomPrivateKey(): string {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex');
}

/** Signs a decision's payload for a concern and an action; no key, no signature (the workflow decides whether that is allowed). */
export function signed<T extends Record<string, unknown>>(
  ref: string,
  action: string,
  payload: T,
  actor: string,
): T & { signature?: DecisionSignature } {
  const key = privateKeyOf(actor);
  if (!key) return payload;
  const at = new Date().toISOString();
  const nonce = randomUUID();
  const value = signBytes(
    new TextEncoder().encode(signedMessage(ref, action, payload, at, nonce)),
    privateKeyObject(key),
  ).toString('hex');
  return { ...payload, signature: { at, nonce, value } };
}
