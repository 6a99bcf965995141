// The payloads Temporal's own SDK core writes into every history unencrypted: the data of a patch
// marker and of a local-activity marker. They hold no concern data (a patch's name, an activity's
// number and times), and the codec server shows them as they are; anything else not encrypted with
// a known key it refuses. Checked field by field, so nothing else passes for one.
import type { Payload } from '@temporalio/common';
import { z } from 'zod';

const timestamp = z.object({ seconds: z.number().int(), nanos: z.number().int() }).strict();

const patchData = z.object({ id: z.string().max(200), deprecated: z.boolean() }).strict();

const localActivityData = z
  .object({
    seq: z.number().int(),
    attempt: z.number().int(),
    activity_id: z.string().max(200),
    activity_type: z.string().max(200),
    complete_time: timestamp.nullable(),
    backoff: timestamp.nullable(),
    original_schedule_time: timestamp.nullable(),
  })
  .strict();

export function isCoreMarkerData(payload: Payload): boolean {
  if (new TextDecoder().decode(payload.metadata?.encoding ?? new Uint8Array()) !== 'json/plain') return false;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(payload.data ?? new Uint8Array()));
  } catch {
    return false;
  }
  return patchData.safeParse(value).success || localActivityData.safeParse(value).success;
}
