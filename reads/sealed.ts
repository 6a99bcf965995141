// A concern's state as the read model stores it: one payload, through the same codec as every
// payload sent to Temporal (AES-GCM with the system's keys), so the database holds ciphertext and
// a key rotation needs nothing of its own.
import { defaultPayloadConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export async function seal(codecs: readonly PayloadCodec[], value: unknown): Promise<Buffer> {
  let payloads = [defaultPayloadConverter.toPayload(value)];
  for (const codec of codecs) payloads = await codec.encode(payloads);
  return Buffer.from(temporal.api.common.v1.Payload.encode(payloads[0]).finish());
}

export async function unseal(codecs: readonly PayloadCodec[], bytes: Uint8Array): Promise<unknown> {
  let payloads: Payload[] = [temporal.api.common.v1.Payload.decode(bytes)];
  for (const codec of [...codecs].reverse()) payloads = await codec.decode(payloads);
  return defaultPayloadConverter.fromPayload(payloads[0]);
}
