// Encryption at rest: a payload codec that seals every payload (workflow and activity inputs and
// results, updates, queries, memo, failures) with AES-256-GCM before it reaches Temporal. Each key
// has an id, written in the payload's metadata, so a new key encrypts while old ones still decrypt.
//
// It fails closed: a payload that is not encrypted, or not with a key it has, or that does not
// authenticate, is refused, never passed through. The admin script and the codec server refuse it
// with an error; the worker hands the workflow a marker in its place (codec/refused.ts), so that
// the workflow refuses the input or the update with the reason instead of failing its workflow
// task again and again.
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { refusedPayload } from './refused';

export const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface CodecKeys {
  /** The id of the key that encrypts. */
  current: string;
  /** Every key that may have encrypted something still kept: id → 32 bytes. A Map, so no id reaches an object's prototype. */
  keys: ReadonlyMap<string, Uint8Array>;
}

export interface CodecOptions {
  /**
   * What to do with a payload it refuses: `throw` (the admin script, the codec server) or `mark`
   * (the worker: the workflow receives the marker and refuses it with the reason).
   */
  onRefused?: 'throw' | 'mark';
  /** Told each refusal in one line (the worker logs it). */
  report?: (line: string) => void;
  /** Unencrypted payloads to leave as they are (the codec server: SDK core's own markers). */
  passThrough?: (payload: Payload) => boolean;
}

export class PayloadRefusedError extends Error {}

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

/** "payload 2 of workflow concern-X", "payload 1 of activity notice-3 of workflow concern-X". */
function describePayload(index: number, context: SerializationContext | undefined): string {
  const which = `payload ${index + 1}`;
  if (!context) return which;
  if (context.type === 'workflow') return `${which} of workflow ${context.workflowId}`;
  const workflow = context.workflowId ? ` of workflow ${context.workflowId}` : '';
  return `${which} of activity ${context.activityId ?? '(unknown)'}${workflow}`;
}

export class AesGcmCodec implements PayloadCodec {
  private readonly onRefused: 'throw' | 'mark';
  private readonly report: (line: string) => void;
  private readonly passThrough: (payload: Payload) => boolean;

  constructor(
    private readonly keys: CodecKeys,
    options: CodecOptions = {},
  ) {
    const key = keys.keys.get(keys.current);
    if (!key || key.length !== KEY_BYTES) throw new Error(`codec key '${keys.current}' must be ${KEY_BYTES} bytes`);
    for (const [id, k] of keys.keys)
      if (k.length !== KEY_BYTES) throw new Error(`codec key '${id}' must be ${KEY_BYTES} bytes`);
    this.onRefused = options.onRefused ?? 'throw';
    this.report = options.report ?? (() => undefined);
    this.passThrough = options.passThrough ?? (() => false);
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.keys.get(this.keys.current)!;
    return settle(() =>
      payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        const plain = temporal.api.common.v1.Payload.encode(payload).finish();
        const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return { metadata: { encoding: text(ENCODING), [KEY_ID]: text(this.keys.current) }, data: sealed };
      }),
    );
  }

  decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return settle(() =>
      payloads.map((payload, index) => {
        const opened = this.open(payload);
        if (typeof opened !== 'string') return opened;
        if (this.passThrough(payload)) return payload;
        const line = `${describePayload(index, context)} refused: ${opened}`;
        this.report(line);
        if (this.onRefused === 'throw') throw new PayloadRefusedError(line);
        return { metadata: { encoding: text('json/plain') }, data: text(JSON.stringify(refusedPayload(line))) };
      }),
    );
  }

  /** The decrypted payload, or why it is refused. */
  private open(payload: Payload): Payload | string {
    const encoding = str(payload.metadata?.encoding);
    if (encoding !== ENCODING)
      return `not encrypted (encoding ${encoding || 'none'}); only payloads encrypted with a known key are accepted`;
    const id = str(payload.metadata?.[KEY_ID]);
    const key = this.keys.keys.get(id);
    if (!key)
      return `encrypted with key '${id}', which is not one of this system's keys (add it back to the key file if it was ours)`;
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) return `too short to be encrypted (${data.length} bytes)`;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      return `does not authenticate with key '${id}' (changed or damaged)`;
    }
  }
}
