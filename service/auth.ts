// Every request but the health check and the API document is signed by the person making it
// (api/signature.ts): an HTTP Message Signature (RFC 9421) by their Ed25519 key, `keyid` their user
// id, over the method, path, query and the body's Content-Digest (RFC 9530), with `created` and a
// `nonce`. Missing, bad, stale or replayed: 401 with a problem that says which. Nothing of an
// unauthenticated request reaches Temporal.
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { httpbis, type VerifyingKey } from 'http-message-signatures';
import {
  COVERED,
  COVERED_BODY,
  ED25519_SPKI_PREFIX,
  SIGNATURE_ALG,
  SIGNATURE_PARAMS,
  contentDigest,
} from '../api/signature';
import { problem, type Problem } from '../api/problems';
import type { ConfigUser } from '../config/schema';

export interface SignedRequest {
  method: string;
  /** The full URL as the client addressed it. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent, when there is one. */
  body?: Uint8Array;
}

export type Authenticated = { ok: true; user: ConfigUser } | { ok: false; problem: Problem; reason: string };

export interface AuthOptions {
  users: () => readonly ConfigUser[];
  /** security.signatureMaxAge, in milliseconds. */
  maxAgeMs: () => number;
  /** How far ahead of the service's clock a signature may be made (clocks differ a little). */
  skewMs?: number;
  now?: () => number;
}

const header = (headers: SignedRequest['headers'], name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** Verifies signed requests, remembering each nonce for as long as its signature could be accepted. */
export function requestVerifier(options: AuthOptions): (request: SignedRequest) => Promise<Authenticated> {
  const now = options.now ?? (() => Date.now());
  const skewMs = options.skewMs ?? 60_000;
  const nonces = new Map<string, number>();
  const keys = new Map<string, KeyObject>();
  const keyObject = (hex: string) => {
    let key = keys.get(hex);
    if (!key)
      keys.set(
        hex,
        (key = createPublicKey({
          key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
          format: 'der',
          type: 'spki',
        })),
      );
    return key;
  };
  const fail = (type: Parameters<typeof problem>[0], detail: string): Authenticated => ({
    ok: false,
    problem: problem(type, detail),
    reason: type,
  });

  return async (request) => {
    if (!header(request.headers, 'signature') && !header(request.headers, 'signature-input')) {
      return fail(
        'unsigned',
        'unsigned request: sign it with your key as an HTTP Message Signature (RFC 9421); isf does this for you',
      );
    }
    const hasBody = request.body !== undefined && request.body.length > 0;
    if (hasBody) {
      const digest = header(request.headers, 'content-digest');
      if (!digest)
        return fail(
          'bad-signature',
          'content-digest: a request with a body needs a Content-Digest header (RFC 9530) under the signature',
        );
      if (digest !== contentDigest(request.body!))
        return fail('bad-signature', 'content-digest: does not match the body (changed after signing?)');
    }
    let user: ConfigUser | undefined;
    let params: { created?: Date; nonce?: string; keyid?: string; alg?: string } = {};
    let verified: boolean | null;
    try {
      verified = await httpbis.verifyMessage(
        {
          keyLookup: (p) => {
            params = p as typeof params;
            user = options.users().find((u) => u.id === p.keyid);
            if (!user?.publicKey || p.alg !== SIGNATURE_ALG) return Promise.resolve(null);
            const key = keyObject(user.publicKey);
            const verifying: VerifyingKey = {
              id: user.id,
              algs: [SIGNATURE_ALG],
              verify: (data, signature) => Promise.resolve(verifySignature(null, data, key, signature)),
            };
            return Promise.resolve(verifying);
          },
          requiredParams: [...SIGNATURE_PARAMS],
          requiredFields: hasBody ? [...COVERED, COVERED_BODY] : [...COVERED],
          // Age is checked below, in the configuration's terms; a signature from the future only within the skew.
          notAfter: Math.floor((now() + skewMs) / 1000),
        },
        {
          method: request.method,
          url: request.url,
          headers: Object.fromEntries(
            Object.entries(request.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined),
          ),
        },
      );
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'ExpiredError')
        return fail(
          'stale-signature',
          "stale signature: made in the future by more than the clocks may differ; check this machine's clock",
        );
      return fail(
        'bad-signature',
        `bad signature: ${(err as Error).message.toLowerCase()}; it must cover ${[...COVERED, ...(hasBody ? [COVERED_BODY] : [])].join(', ')} with ${SIGNATURE_PARAMS.join(', ')}`,
      );
    }
    if (params.keyid === undefined) return fail('bad-signature', 'bad signature: no keyid (your user id)');
    if (!user) return fail('bad-signature', `bad signature: keyid '${params.keyid}' is not a user of this service`);
    if (!user.publicKey)
      return fail(
        'bad-signature',
        `bad signature: ${user.id} has no public key in the configuration (isf keys init, then users[].publicKey)`,
      );
    if (params.alg !== SIGNATURE_ALG) return fail('bad-signature', `bad signature: alg must be ${SIGNATURE_ALG}`);
    if (verified !== true)
      return fail('bad-signature', `bad signature: does not verify against ${user.id}'s public key`);
    const created = params.created!.getTime();
    const age = now() - created;
    if (age > options.maxAgeMs()) {
      return fail(
        'stale-signature',
        `stale signature: made ${Math.round(age / 1000)} s ago, more than security.signatureMaxAge (${Math.round(options.maxAgeMs() / 1000)} s); sign it again`,
      );
    }
    // Remembered only once verified, so that nobody fills the memory with nonces of their own.
    for (const [key, until] of nonces) if (until < now()) nonces.delete(key);
    const seen = `${user.id} ${params.nonce ?? ''}`;
    if (nonces.has(seen))
      return fail(
        'replayed-signature',
        'replayed signature: its nonce was already used; every request is signed afresh',
      );
    nonces.set(seen, created + options.maxAgeMs() + skewMs);
    return { ok: true, user };
  };
}
