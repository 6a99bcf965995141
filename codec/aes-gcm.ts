// Encryption at rest: a payload codec that seals every payload (workflow and activity inputs and
// results, updates, queries, memo, failures) with AES-256-GCM before it reaches Temporal. Each key
// has an id, written in the payload's metadata, so a new key encrypts while old ones still decrypt.
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKeys {
  /** The id of the key that encrypts. */
  current: string;
  /** Every key that may have encrypted something still kept: id → 32 bytes. */
  keys: Record<string, Uint8Array>;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : '');

/** Runs synchronous work as a promise, so that a failure rejects rather than throws. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly keys: CodecKeys) {
    const key = keys.keys[keys.current];
    if (!key || key.length !== 32) throw new Error(`codec key '${keys.current}' must be 32 bytes`);
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.keys[this.keys.current];
    return settle(() =>
      payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return { metadata: { encoding: text(ENCODING), [KEY_ID]: text(this.keys.current) }, data: sealed };
      }),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return settle(() =>
      payloads.map((payload) => {
        if (str(payload.metadata?.encoding) !== ENCODING) return payload;
        const id = str(payload.metadata?.[KEY_ID]);
        const key = this.keys.keys[id];
        if (!key) throw new Error(`no codec key '${id}' to decrypt this payload: add it back to the key file`);
        const data = Buffer.from(payload.data ?? new Uint8Array());
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        return temporal.api.common.v1.Payload.decode(plain);
      }),
    );
  }
}
