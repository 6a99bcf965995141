// The data converter the admin script, the worker and the codec server share.
import type { DataConverter } from '@temporalio/common';
import { AesGcmCodec } from './aes-gcm';
import { codecKeys } from './keys';

/** Failure messages go through the codec (the workflow bundle is built with the same converter). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** Encrypting when codec keys are configured; the same failure converter either way. */
export function dataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  const keys = codecKeys(env);
  return {
    ...(keys ? { payloadCodecs: [new AesGcmCodec(keys)] } : {}),
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

export function encrypting(converter: DataConverter): boolean {
  return (converter.payloadCodecs?.length ?? 0) > 0;
}
