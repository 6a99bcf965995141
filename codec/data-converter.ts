// The data converter the admin script, the worker and the codec server share.
import type { DataConverter } from '@temporalio/common';
import { AesGcmCodec, type CodecOptions } from './aes-gcm';
import { requireCodecKeys } from './keys';

/** Failure messages go through the codec (the workflow bundle is built with the same converter). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * Encrypting, always: without keys this throws (one line saying where they were looked for), so
 * nothing reaches Temporal in plaintext. The worker passes `onRefused: 'mark'`.
 */
export function dataConverter(env: NodeJS.ProcessEnv = process.env, options: CodecOptions = {}): DataConverter {
  return {
    payloadCodecs: [new AesGcmCodec(requireCodecKeys(env), options)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
