// What the worker's payload codec hands the workflow in place of a payload it refuses (not
// encrypted, or encrypted with no key it has): a marker, never the payload. Throwing instead would
// fail the workflow task again and again; with the marker the workflow refuses the input or the
// update with one clear reason. Pure, so the workflow sandbox can import it.
export const REFUSED_PAYLOAD_FIELD = 'isfRefusedPayload';

export interface RefusedPayload {
  [REFUSED_PAYLOAD_FIELD]: string;
}

export const refusedPayload = (reason: string): RefusedPayload => ({ [REFUSED_PAYLOAD_FIELD]: reason });

/** The codec's reason when a value is its marker, else null. */
export function refusedPayloadReason(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const reason = (value as Record<string, unknown>)[REFUSED_PAYLOAD_FIELD];
  return typeof reason === 'string' ? reason : null;
}
