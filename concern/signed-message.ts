// What a decider signs: the concern, the action, the payload without its signature, the time and a
// nonce, as canonical JSON. Apart from the signing itself, so that the admin script can build the
// message (and sign it with Node's own Ed25519) without loading the workflow's pure-JS curve.

const MESSAGE_VERSION = 'isf-decision/1';

/** JSON with keys sorted at every level, so that signer and verifier agree byte for byte. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The parts of a signed message, as `isf verify` reads them back. */
export function parseSignedMessage(
  message: string,
): { ref: string; action: string; payload: Record<string, unknown>; at: string; nonce: string } | null {
  if (!message.startsWith(`${MESSAGE_VERSION} `)) return null;
  try {
    return JSON.parse(message.slice(MESSAGE_VERSION.length + 1)) as {
      ref: string;
      action: string;
      payload: Record<string, unknown>;
      at: string;
      nonce: string;
    };
  } catch {
    return null;
  }
}

/** What is signed: the concern, the action (update name), the payload without its signature, the time, the nonce. */
export function signedMessage(
  ref: string,
  action: string,
  payload: Record<string, unknown>,
  at: string,
  nonce: string,
): string {
  const { signature: _omit, ...unsigned } = payload;
  void _omit;
  return `${MESSAGE_VERSION} ${canonicalJson({ ref, action, payload: unsigned, at, nonce })}`;
}
