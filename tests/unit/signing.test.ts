// Ed25519 signatures as the admin script makes them and the workflow checks them: canonical
// messages, refusals, and private keys kept for their owner alone. (On the dev server:
// tests/signing.test.ts.)
import { readFileSync, statSync } from 'node:fs';
import { initKeys, privateKeyOf } from '../../client/keys';
import {
  canonicalJson,
  newKeyPair,
  signMessage,
  signatureProblem,
  signedMessage,
  verifyMessage,
} from '../../concern/signing';

describe('signatures', () => {
  const { privateKey, publicKey } = newKeyPair();
  const payload = { actor: 'ben.governance', requestId: 'r-1', rationale: 'agreed' };
  const at = '2026-11-25T10:00:00.000Z';
  const message = signedMessage('LDN-1', 'confirm', payload, at, 'nonce-123456');
  const signature = { at, nonce: 'nonce-123456', value: signMessage(message, privateKey) };
  const check = (over: Partial<Parameters<typeof signatureProblem>[0]> = {}) =>
    signatureProblem({
      ref: 'LDN-1',
      action: 'confirm',
      payload: { ...payload, signature },
      actor: 'ben.governance',
      publicKey,
      now: '2026-11-25T10:02:00.000Z',
      maxAgeMs: 5 * 60_000,
      usedNonces: new Set(),
      ...over,
    });

  it("are made over a canonical message, whatever the order of the payload's keys", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"f":2}]},"b":1}',
    );
    expect(
      signedMessage(
        'LDN-1',
        'confirm',
        { rationale: 'agreed', requestId: 'r-1', actor: 'ben.governance' },
        at,
        'nonce-123456',
      ),
    ).toBe(message);
    expect(verifyMessage(message, signature.value, publicKey)).toBe(true);
  });

  it('verify, and are refused when missing, unknown, stale, replayed, forged or tampered with', () => {
    expect(check()).toBeNull();
    expect(check({ payload })).toMatch(/^unsigned decision/);
    expect(check({ publicKey: undefined })).toBe(
      'ben.governance has no public key in the configuration, so no decision of theirs can be verified',
    );
    expect(check({ now: '2026-11-25T10:06:00.000Z' })).toMatch(
      /^stale decision: signed at 2026-11-25T10:00:00.000Z, more than 5 minutes/,
    );
    expect(check({ usedNonces: new Set(['nonce-123456']) })).toMatch(/^replayed decision/);
    expect(check({ publicKey: newKeyPair().publicKey })).toBe(
      "bad signature: the decision does not verify against ben.governance's public key",
    );
    expect(check({ payload: { ...payload, rationale: 'changed', signature } })).toMatch(/^bad signature/);
    expect(check({ ref: 'LDN-2' })).toMatch(/^bad signature/);
    expect(check({ action: 'challenge' })).toMatch(/^bad signature/);
  });

  it("keeps private keys in the user's own folder, readable by them alone", () => {
    const made = initKeys('zed.quality');
    expect(made.file.startsWith(process.env.ISF_KEYS_DIR!)).toBe(true);
    expect(statSync(made.file).mode & 0o777).toBe(0o600);
    expect(privateKeyOf('zed.quality')).toBe(readFileSync(made.file, 'utf8').trim());
    expect(() => initKeys('zed.quality')).toThrow(/already exists/);
  });
});
