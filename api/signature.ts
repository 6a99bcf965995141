// How a request to the ISF service is signed (RFC 9421, HTTP Message Signatures): Ed25519 by the
// person's own key (`isf keys init`), `keyid` their user id, covering the method, the path, the
// query and, when there is a body, its Content-Digest (RFC 9530), with `created` and a `nonce`.
// The admin script signs with this; the service verifies against it. No passwords, no sessions.
import { createHash } from 'node:crypto';

export const SIGNATURE_LABEL = 'isf';
export const SIGNATURE_ALG = 'ed25519';
/** Covered by every signature. */
export const COVERED = ['@method', '@path', '@query'] as const;
/** Covered as well when the request has a body. */
export const COVERED_BODY = 'content-digest';
export const SIGNATURE_PARAMS = ['created', 'keyid', 'alg', 'nonce'] as const;

/** `sha-256=:<base64>:`, the Content-Digest of a body (RFC 9530). */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/** The PKCS#8 DER prefix of an Ed25519 private key: with the 32-byte seed after it, Node's crypto takes it. */
export const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** The SPKI DER prefix of an Ed25519 public key. */
export const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
