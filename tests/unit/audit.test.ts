// The audit trail as evidence (concern/audit.ts): what `isf verify` and an imported run check. A real
// trail is made with the pure rules and the demo users' real signatures, then tampered with as an
// attacker who can edit a concern's state would.
import { signed } from '../../client/keys';
import { verifyAudit } from '../../client/verify';
import { entryHash, trailMismatch, verifyTrail } from '../../concern/audit';
import { decide, openConcern, type DecisionContext } from '../../concern/decide';
import type { DecisionKind } from '../../concern/inputs';
import { signMessage, signedMessage } from '../../concern/signing';
import type { AuditEntry, ConcernState } from '../../concern/state';
import { privateKeyOf } from '../../client/keys';
import {
  accepted,
  context,
  exampleConfig,
  exampleSnapshot,
  opening,
  RECOVERY,
  TRIANGULATED,
  WAIVER,
} from '../support/fixtures';

const signing = (): DecisionContext => ({
  ...context(new Date().toISOString()),
  security: exampleSnapshot.security,
  configVersion: exampleSnapshot.version,
});

function take<K extends DecisionKind>(state: ConcernState, kind: K, payload: Record<string, unknown>): ConcernState {
  const withProposal =
    state.pending && ['confirm', 'challenge', 'sign-off'].includes(kind)
      ? { ...payload, proposal: { category: state.pending.category, proposedAt: state.pending.proposedAt } }
      : payload;
  return accepted(
    decide(
      state,
      kind,
      signed(state.ref, kind, { requestId: `${kind}-${state.audit.length}`, ...withProposal }, payload.actor as string),
      signing(),
    ),
  );
}

/** Opened at 2, confirmed, escalated to 3 on evidence, confirmed, reviewed: five signed entries. */
function trail(): ConcernState {
  const o = { ...opening(), requestId: 'open-1' };
  let state = accepted(openConcern(signed(o.ref, 'open', o, o.actor), signing()));
  state = take(state, 'confirm', { actor: 'ben.governance', rationale: 'triangulated at panel', evidence: [] });
  state = take(state, 'propose', {
    actor: 'ana.quality',
    category: 3,
    rationale: 'no improvement',
    evidence: TRIANGULATED,
  });
  state = take(state, 'confirm', { actor: 'ben.governance', evidence: [], ...RECOVERY });
  return take(state, 'review', { actor: 'ana.quality', outcome: 'no-change', summary: 'rota unchanged', evidence: [] });
}

const options = (state: ConcernState) => ({
  ref: state.ref,
  users: exampleSnapshot.directory.users,
  maxAgeMs: exampleSnapshot.security.signatureMaxAgeMs,
});
/** A copy of the trail an attacker may edit (the state itself is read-only). */
type Tamperable<T> = T extends readonly (infer U)[]
  ? Tamperable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Tamperable<T[K]> }
    : T;
const tamperable = <T>(value: T) => structuredClone(value) as Tamperable<T>;

const failures = (state: ConcernState, audit: readonly AuditEntry[] = state.audit) =>
  verifyTrail(audit, options(state))
    .filter((c) => c.status === 'failed')
    .map((c) => [c.number, c.reason]);

describe('a signed audit trail', () => {
  const state = trail();

  it('records, for each entry, the configuration, whether signatures were required, the key and the link to the entry before', () => {
    expect(state.audit.map((a) => a.action)).toEqual(['open', 'confirm', 'propose', 'confirm', 'review']);
    for (const [i, entry] of state.audit.entries()) {
      expect(entry).toMatchObject({
        configVersion: exampleSnapshot.version,
        signaturesRequired: true,
        keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
      });
      expect(entry.prevHash).toBe(i === 0 ? null : entryHash(state.audit[i - 1]));
      expect(entry.signature).not.toHaveProperty('message');
    }
    // The confirmation signed the proposal it decided.
    expect(state.audit[3].signature?.payload).toMatchObject({
      proposal: { category: 3, proposedAt: state.audit[2].at },
    });
  });

  it('verifies whole, and the state is the one it leads to', () => {
    expect(failures(state)).toEqual([]);
    expect(trailMismatch(state)).toBeNull();
    expect(verifyAudit(state, exampleConfig)).toMatchObject({ verified: true, failed: [], unsigned: [], state: null });
  });

  it('catches an edited field: the entry no longer records what was signed, and the next link breaks', () => {
    const audit = tamperable(state.audit);
    audit[2].rationale = 'no improvement at all, and worse';
    expect(failures(state, audit)).toEqual([
      [3, 'rationale: the entry records another value than was signed'],
      [4, 'chain broken: prevHash is not the hash of entry 3 (an entry before it was removed, inserted or changed)'],
    ]);
    // A field the signature does not cover (who the actor's name was) still breaks the chain.
    const renamed = tamperable(state.audit);
    renamed[1].actorName = 'Someone Else';
    expect(failures(state, renamed)).toEqual([
      [3, 'chain broken: prevHash is not the hash of entry 2 (an entry before it was removed, inserted or changed)'],
    ]);
  });

  it('catches a removed entry', () => {
    const audit = state.audit.filter((_, i) => i !== 1);
    expect(failures(state, audit)[0]).toEqual([
      2,
      'chain broken: prevHash is not the hash of entry 1 (an entry before it was removed, inserted or changed)',
    ]);
    // The first entry removed: the trail starts with a link to nothing.
    expect(failures(state, state.audit.slice(1))[0]).toEqual([
      1,
      'chain broken: the first entry links to an earlier one (entries before it were removed)',
    ]);
  });

  it('catches a signature moved to another entry', () => {
    const audit = tamperable(state.audit);
    audit[3] = {
      ...audit[3],
      signature: audit[1].signature,
      keyFingerprint: audit[1].keyFingerprint,
      prevHash: entryHash(audit[2]),
    };
    expect(failures(state, audit)).toEqual([
      [4, 'nonce already used by entry 2: a signature replayed'],
      [5, 'chain broken: prevHash is not the hash of entry 4 (an entry before it was removed, inserted or changed)'],
    ]);
    // With its nonce not repeated, it is a signature of another decision, which the entry does not record.
    const moved = tamperable(state.audit);
    moved[4] = { ...moved[4], signature: moved[2].signature, keyFingerprint: moved[2].keyFingerprint };
    moved.splice(2, 1);
    const reasons = verifyTrail(moved, options(state)).map((c) => c.reason);
    expect(reasons[3]).toMatch(/^(chain broken|does not verify)/);
  });

  it('catches a reused nonce, even under a valid signature', () => {
    const audit = tamperable(state.audit);
    const last = audit[4];
    const nonce = audit[3].signature!.nonce;
    const payload = last.signature!.payload!;
    const value = signMessage(
      signedMessage(state.ref, 'review', payload, last.signature!.at, nonce),
      privateKeyOf('ana.quality')!,
    );
    audit[4] = { ...last, signature: { ...last.signature!, nonce, value } };
    expect(failures(state, audit)).toEqual([[5, 'nonce already used by entry 4: a signature replayed']]);
  });

  it('catches a state that is not the one its trail leads to', () => {
    expect(trailMismatch({ ...state, category: 4, trainingSuspended: true })).toBe(
      'category: the state says 4, its audit trail 3',
    );
    expect(trailMismatch({ ...state, risk: { likelihood: 1, impact: 1, score: 1 } })).toMatch(/^risk: the state says/);
    expect(verifyAudit({ ...state, stage: 'closed' }, exampleConfig)).toMatchObject({
      verified: false,
      failed: [],
      state: 'stage: the state says "closed", its audit trail "open"',
    });
  });

  it('catches an invented entry: a category move nobody signed, or one that does not follow', () => {
    const invented: AuditEntry = {
      ...state.audit[3],
      action: 'sign-off',
      actor: 'nia.national',
      actorName: 'Nia Example',
      role: 'national-scrutiny',
      approved: true,
      category: { from: 3, to: 4, status: 'confirmed' },
      prevHash: entryHash(state.audit[4]),
    };
    const reasons = verifyTrail([...state.audit, invented], options(state)).map((c) => c.reason);
    expect(reasons[5]).toBe('nonce already used by entry 4: a signature replayed');
    // Unsigned, and with a fresh nonce it was never given, it still does not follow from the trail.
    const { signature: _s, keyFingerprint: _k, ...bare } = invented;
    void _s;
    void _k;
    expect(verifyTrail([...state.audit, bare], options(state)).map((c) => c.reason)[5]).toBe(
      'decides a proposal, but none was pending',
    );
  });

  it('takes a request id already applied as the same decision only once it passes every check, and only from the same person', () => {
    const again = (payload: Record<string, unknown>, actor = payload.actor as string) =>
      decide(state, 'review', signed(state.ref, 'review', payload, actor), signing());
    const first = state.audit[4].signature!.payload!;
    // Resent, signed afresh: the same decision, applied once.
    const resent = again({ ...first });
    expect(resent.ok && resent.state).toBe(state);
    // The same request id with a payload the schema refuses, unsigned, or from someone else: refused.
    expect(again({ ...first, outcome: 'much-better' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^outcome: must be one of/) as unknown,
    });
    expect(decide(state, 'review', { ...first }, signing())).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^unsigned decision/) as unknown,
    });
    expect(again({ ...first, actor: 'omar.quality' })).toMatchObject({
      ok: false,
      reason: 'omar.quality acts as quality-team for midlands, not for london',
    });
    expect(
      decide(
        state,
        'intervene',
        signed(
          state.ref,
          'intervene',
          { actor: 'ana.quality', requestId: first.requestId, kind: 'other', summary: 'x' },
          'ana.quality',
        ),
        signing(),
      ),
    ).toMatchObject({
      ok: false,
      reason: `requestId: ${String(first.requestId)} was already used for review by ana.quality; give a new request id`,
    });
  });

  it('reports entries recorded when signatures were not required as unsigned, apart from failures', () => {
    const o = { ...opening(), requestId: 'open-u' };
    const unsigned = { ...context(), configVersion: 'abc123' };
    let s = accepted(openConcern(o, unsigned));
    s = accepted(decide(s, 'confirm', { actor: 'ben.governance', requestId: 'c-u' }, unsigned));
    const checks = verifyTrail(s.audit, options(s));
    expect(checks.map((c) => [c.status, c.reason])).toEqual([
      ['unsigned', 'unsigned: signatures were not required by configuration abc123'],
      ['unsigned', 'unsigned: signatures were not required by configuration abc123'],
    ]);
    // An entry that says signatures were required, but has none, fails.
    const stripped = tamperable(state.audit);
    delete stripped[4].signature;
    expect(failures(state, stripped)).toEqual([
      [5, `not signed, although configuration ${exampleSnapshot.version} required signatures`],
    ]);
  });
});

describe('a signed trail on the road to suspension', () => {
  // Confirmed into 3 with the recovery agreed; 4 proposed on the urgent route; signed off with the
  // waiver approved and the recovery carried from 3, not named again.
  let state = trail();
  state = take(state, 'propose', {
    actor: 'ana.quality',
    category: 4,
    waiveNotice: true,
    rationale: 'learners at risk tonight',
    evidence: TRIANGULATED,
  });
  state = take(state, 'confirm', { actor: 'ben.governance', evidence: [] });
  state = take(state, 'sign-off', {
    actor: 'nia.national',
    approve: true,
    ...WAIVER,
    rationale: 'agreed',
    evidence: [],
  });

  it('verifies whole: the carried recovery and the approved waiver are what was signed', () => {
    expect(state.audit.at(-1)).toMatchObject({ action: 'sign-off', noticeWaived: true, recovery: RECOVERY });
    expect(failures(state)).toEqual([]);
    expect(trailMismatch(state)).toBeNull();
  });

  it('catches a sign-off that records another recovery than was carried, or a waiver it did not approve', () => {
    const other = tamperable(state.audit);
    other[7].recovery = { leadAgency: 'Someone else', owner: 'x@example.org' };
    expect(failures(state, other)[0]).toEqual([
      8,
      'recovery: the entry records another lead agency or owner than was signed',
    ]);
    const waived = tamperable(state.audit);
    waived[3].recovery = { leadAgency: 'Someone else', owner: 'x@example.org' };
    expect(failures(state, waived)[0]).toEqual([
      4,
      'recovery: the entry records another lead agency or owner than was signed',
    ]);
    const unapproved = tamperable(state.audit);
    delete unapproved[5].noticeWaived;
    expect(failures(state, unapproved)[0]).toEqual([
      6,
      'noticeWaived: the entry records another value than was signed',
    ]);
  });
});
