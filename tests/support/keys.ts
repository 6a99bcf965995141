// Payload keys for tests: a fresh one per stack, and as ISF_CODEC_KEYS holds them for an `isf` run.
import { randomBytes } from 'node:crypto';
import type { CodecKeys } from '../../codec/aes-gcm';

export function newCodecKeys(): CodecKeys {
  return { current: 'test-1', keys: new Map([['test-1', new Uint8Array(randomBytes(32))]]) };
}

export function codecKeysJson(keys: CodecKeys = newCodecKeys()): string {
  return JSON.stringify({
    current: keys.current,
    keys: Object.fromEntries([...keys.keys].map(([id, k]) => [id, Buffer.from(k).toString('base64')])),
  });
}
