// Each user's private key lives in their own configuration folder (ISF_KEYS_DIR, else
// ~/.config/isf/keys), one file per user, readable by them alone. The demo users of the example
// configuration have demo keys in config/demo-keys/ so that the README walk-through signs its
// decisions; those are public and for demonstrations only.
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { newKeyPair, signMessage, signedMessage, type DecisionSignature } from '../concern/signing';
import { PROJECT_ROOT } from '../ops/binaries';
import { clientConfig } from './config';
import { CliError, EXIT } from './errors';

export const DEMO_KEYS_DIR = join(PROJECT_ROOT, 'config', 'demo-keys');

export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISF_KEYS_DIR || join(homedir(), '.config', 'isf', 'keys');
}

const keyFile = (dir: string, user: string) => join(dir, `${user}.key`);

/** Whether the configuration in use is the demo, whose users' keys are published (`security.demo`). */
function demoConfigured(): boolean {
  try {
    return clientConfig().security.demo;
  } catch {
    return false;
  }
}

/** The user's private key (hex): their own, else, in the demo configuration only, a demo key; else none. */
export function privateKeyOf(user: string, env: NodeJS.ProcessEnv = process.env, demo: boolean = demoConfigured()): string | undefined {
  for (const dir of demo ? [keysDir(env), DEMO_KEYS_DIR] : [keysDir(env)]) {
    const file = keyFile(dir, user);
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  }
  return undefined;
}

/** `isf keys init`: a new key pair; the private half in a file only its owner can read. */
export function initKeys(user: string, force = false, env: NodeJS.ProcessEnv = process.env): { user: string; publicKey: string; file: string } {
  const dir = keysDir(env);
  const file = keyFile(dir, user);
  if (existsSync(file) && !force) {
    throw new CliError(EXIT.refused, `${file} already exists: keep it, or replace it with --force (then update users[].publicKey)`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = newKeyPair();
  writeFileSync(file, `${privateKey}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { user, publicKey, file };
}

/** Signs a payload for a concern and an action; no key, no signature (the workflow decides whether that is allowed). */
export function signed<T extends Record<string, unknown>>(ref: string, action: string, payload: T, actor: string): T & { signature?: DecisionSignature } {
  const key = privateKeyOf(actor);
  if (!key) return payload;
  const at = new Date().toISOString();
  const nonce = randomUUID();
  return { ...payload, signature: { at, nonce, value: signMessage(signedMessage(ref, action, payload, at, nonce), key) } };
}
