// Signed decisions: every decision carries an Ed25519 signature over the concern, the action, the
// payload, the time and a nonce, made with the decider's private key and checked inside the
// workflow against the public key in the configuration. Pure JavaScript (@noble/curves), so it
// runs in the workflow sandbox; hex everywhere, since the sandbox has no Buffer.
import { bytesToHex, hexToBytes } from '@noble/curves/abstract/utils';
import { ed25519 } from './ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { signedMessage } from './signed-message';

export { canonicalJson, parseSignedMessage, signedMessage } from './signed-message';

export interface DecisionSignature {
  /** When the decision was signed (the signer's clock), ISO 8601. */
  at: string;
  /** Unique per decision: a signature is never accepted twice for different requests. */
  nonce: string;
  /** The Ed25519 signature, hex. */
  value: string;
}

const bytes = (text: string) => new TextEncoder().encode(text);

export function signMessage(message: string, privateKeyHex: string): string {
  return bytesToHex(ed25519.sign(bytes(message), hexToBytes(privateKeyHex)));
}

/**
 * RFC 8032's strict rules (`zip215: false`): a non-canonical signature or key is refused, so no
 * two byte strings verify as the same signature.
 */
export function verifyMessage(message: string, signatureHex: string, publicKeyHex: string): boolean {
  try {
    return ed25519.verify(hexToBytes(signatureHex), bytes(message), hexToBytes(publicKeyHex), { zip215: false });
  } catch {
    return false;
  }
}

/** SHA-256 of text, hex. */
export const sha256Hex = (text: string): string => bytesToHex(sha256(bytes(text)));

/** Which key signed: SHA-256 of the public key's bytes, first 16 hex digits. */
export const keyFingerprint = (publicKeyHex: string): string =>
  bytesToHex(sha256(hexToBytes(publicKeyHex))).slice(0, 16);

/**
 * Why a public key cannot be trusted to verify anything, or null: not a point of the curve, or of
 * small order (such a key "verifies" signatures nobody made).
 */
export function publicKeyProblem(publicKeyHex: string): string | null {
  let point;
  try {
    point = ed25519.Point.fromHex(publicKeyHex, false);
  } catch {
    return 'is not a valid Ed25519 public key';
  }
  if (point.isSmallOrder()) return 'is a small-order point, which verifies forged signatures';
  if (!point.isTorsionFree()) return 'has a small-order component; make a new key with isf keys init';
  return null;
}

export function publicKeyOf(privateKeyHex: string): string {
  return bytesToHex(ed25519.getPublicKey(hexToBytes(privateKeyHex)));
}

/** A new key pair; only the admin script calls this (the workflow never makes keys). */
export function newKeyPair(): { privateKey: string; publicKey: string } {
  const privateKey = bytesToHex(ed25519.utils.randomPrivateKey());
  return { privateKey, publicKey: publicKeyOf(privateKey) };
}

export interface SignatureCheck {
  ref: string;
  action: string;
  payload: Record<string, unknown>;
  actor: string;
  publicKey: string | undefined;
  now: string;
  maxAgeMs: number;
  /** Nonces of decisions already recorded on the concern. */
  usedNonces: ReadonlySet<string>;
}

/** Why a signed decision is refused, or null when it verifies. */
export function signatureProblem(c: SignatureCheck): string | null {
  const signature = c.payload.signature as DecisionSignature | undefined;
  if (!signature)
    return `unsigned decision: every decision must be signed by its decider (isf keys init --as ${c.actor}, and the public key in the configuration)`;
  if (!c.publicKey)
    return `${c.actor} has no public key in the configuration, so no decision of theirs can be verified`;
  const age = Math.abs(Date.parse(c.now) - Date.parse(signature.at));
  if (!(age <= c.maxAgeMs)) {
    return `stale decision: signed at ${signature.at}, more than ${Math.round(c.maxAgeMs / 60_000)} minutes from the concern's time (${c.now}); sign it again`;
  }
  if (c.usedNonces.has(signature.nonce))
    return 'replayed decision: its nonce was already used by another decision on this concern';
  if (
    !verifyMessage(
      signedMessage(c.ref, c.action, c.payload, signature.at, signature.nonce),
      signature.value,
      c.publicKey,
    )
  ) {
    return `bad signature: the decision does not verify against ${c.actor}'s public key`;
  }
  return null;
}
