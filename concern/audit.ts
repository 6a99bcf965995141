// The audit trail as evidence. Every entry is chained to the one before it (`prevHash`, SHA-256 of
// its canonical JSON), says which configuration it was checked against, whether that required
// signatures and which key signed; a signed entry keeps the payload its decider signed.
//
// `verifyTrail` is the one check of a trail, used by `isf verify` and by the workflow when a run
// starts from state it did not write itself (an import, or anyone's `temporal workflow start`): it
// checks the chain, each signature against the configured keys, that each signed entry records
// what its payload says (field by field), that no nonce is used twice, and that the category moves
// follow one from another. `trailMismatch` then checks that a state is the one its trail leads to.
// Pure, so it runs inside the workflow sandbox.
import { needsNationalSignOff, rate, type Category, type RiskRating } from '../policy';
import type { DirectoryUser } from './directory';
import { checkDecision, checkOpening } from './checks';
import { canonicalJson, keyFingerprint, parseSignedMessage, sha256Hex, signedMessage, verifyMessage } from './signing';
import type { AuditAction, AuditEntry, CategoryStatus, ConcernState } from './state';

/** The hash the next entry carries as its `prevHash`. */
export const entryHash = (entry: AuditEntry): string => sha256Hex(canonicalJson(entry));

/** The trail with its last entry chained to the one before (entries before the chain began stay as they were). */
export function chained(audit: readonly AuditEntry[]): AuditEntry[] {
  const last = audit.length - 1;
  if (last < 0 || audit[last].prevHash !== undefined) return [...audit];
  return [...audit.slice(0, last), { ...audit[last], prevHash: last === 0 ? null : entryHash(audit[last - 1]) }];
}

export type EntryStatus = 'verified' | 'unsigned' | 'failed';

export interface EntryCheck {
  /** 1-based, as people count them. */
  number: number;
  at: string;
  actor: string;
  action: AuditAction;
  status: EntryStatus;
  /** Why it failed, or what an unsigned entry states about itself; null when verified. */
  reason: string | null;
}

export interface TrailOptions {
  /** The concern's ref, which every signature covers. */
  ref: string;
  /** Users with their current and retired public keys. */
  users: readonly DirectoryUser[];
  /** How far a signature's time may be from its entry's (`security.signatureMaxAge`). */
  maxAgeMs: number;
}

interface Walk {
  category: Category | null;
  status: CategoryStatus;
  lastConfirmed: Category | null;
  pending: {
    category: Category;
    national: boolean;
    stage: 'awaiting-governance' | 'awaiting-national-sign-off';
    decommission: boolean;
  } | null;
  risk: RiskRating | null;
  closed: boolean;
  recovery: { leadAgency: string; owner: string } | null;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const describe = (entry: AuditEntry) => `${entry.action} by ${entry.actor} at ${entry.at}`;

/** Checks every entry of a trail; each entry gets a status, and a reason when it is not verified. */
export function verifyTrail(audit: readonly AuditEntry[], options: TrailOptions): EntryCheck[] {
  const nonces = new Map<string, number>();
  let chainStarted = false;
  const walk: Walk = {
    category: null,
    status: 'provisional',
    lastConfirmed: null,
    pending: null,
    risk: null,
    closed: false,
    recovery: null,
  };
  return audit.map((entry, i) => {
    // Every check runs on every entry (the nonces seen and the category walk must advance whatever
    // else is wrong); the first problem is the one reported.
    // The recovery agreed before this entry, which a sign-off into 4 may carry without naming it.
    const carried = walk.recovery;
    const problems = [
      chainProblem(audit, i, chainStarted),
      nonceProblem(entry, i, nonces),
      movementProblem(entry, i, walk),
      signatureProblemOf(entry, options, carried),
    ];
    const problem = problems.find((p) => p !== null) ?? null;
    if (entry.prevHash !== undefined) chainStarted = true;
    const base = { number: i + 1, at: entry.at, actor: entry.actor, action: entry.action };
    if (problem) return { ...base, status: 'failed' as const, reason: problem };
    if (!entry.signature) {
      return {
        ...base,
        status: 'unsigned' as const,
        reason: `unsigned: signatures were not required by configuration ${entry.configVersion ?? '(unrecorded)'}`,
      };
    }
    return { ...base, status: 'verified' as const, reason: null };
  });
}

function chainProblem(audit: readonly AuditEntry[], i: number, chainStarted: boolean): string | null {
  const entry = audit[i];
  if (entry.prevHash === undefined) {
    return chainStarted
      ? 'not chained: an entry without prevHash after the chain began (inserted, or its link removed)'
      : null;
  }
  const expected = i === 0 ? null : entryHash(audit[i - 1]);
  if (entry.prevHash === expected) return null;
  return i === 0
    ? 'chain broken: the first entry links to an earlier one (entries before it were removed)'
    : `chain broken: prevHash is not the hash of entry ${i} (an entry before it was removed, inserted or changed)`;
}

function nonceProblem(entry: AuditEntry, i: number, nonces: Map<string, number>): string | null {
  const nonce = entry.signature?.nonce;
  if (nonce === undefined) return null;
  const earlier = nonces.get(nonce);
  if (earlier !== undefined) return `nonce already used by entry ${earlier}: a signature replayed`;
  nonces.set(nonce, i + 1);
  return null;
}

/** The category moves, the proposals they decide and the risk follow one from another, as the rules make them. */
function movementProblem(entry: AuditEntry, i: number, w: Walk): string | null {
  const problem = movement(entry, i, w);
  clearedBelowThree(w);
  return problem;
}

function movement(entry: AuditEntry, i: number, w: Walk): string | null {
  if (w.closed) return 'recorded after the concern closed';
  const move = entry.category;
  const p = w.pending;
  const decides = () => {
    if (!p) return 'decides a proposal, but none was pending';
    if (entry.proposed !== p.category)
      return `decides a proposal of category ${entry.proposed ?? '(none)'}, but the pending one is of category ${p.category}`;
    return null;
  };
  switch (entry.action) {
    case 'open': {
      if (i !== 0) return 'an opening that is not the first entry';
      if (!move || move.from !== null || move.status !== 'provisional' || !entry.risk || entry.risk.from !== null)
        return 'an opening without its provisional category and rating';
      Object.assign(w, {
        category: move.to,
        status: 'provisional',
        pending: { category: move.to, national: false, stage: 'awaiting-governance', decommission: false },
        risk: entry.risk.to,
      });
      return null;
    }
    case 'propose': {
      if (i === 0 || w.category === null) return 'a proposal before the opening';
      if (p) return 'a proposal while another was pending';
      if (entry.proposed === undefined) return 'a proposal that does not say which category';
      const national = needsNationalSignOff(w.category, entry.proposed);
      if (!national) {
        if (!move || move.from !== w.category || move.to !== entry.proposed || move.status !== 'provisional') {
          return `category moves from ${move?.from ?? '(none)'} to ${move?.to ?? '(none)'}, but the concern was at ${w.category} and ${entry.proposed} was proposed`;
        }
        Object.assign(w, { category: move.to, status: 'provisional' });
      } else if (move) return 'a move into or out of category 4 that took effect before national sign-off';
      w.pending = { category: entry.proposed, national, stage: 'awaiting-governance', decommission: false };
      return null;
    }
    case 'decommission': {
      if (p) return 'a proposal while another was pending';
      if (w.category !== 4) return `decommissioning proposed at category ${w.category ?? '(none)'}, not 4`;
      w.pending = { category: 4, national: true, stage: 'awaiting-governance', decommission: true };
      return null;
    }
    case 'confirm': {
      const wrong =
        decides() ??
        (p!.stage !== 'awaiting-governance' ? 'a confirmation after regional governance had confirmed' : null);
      if (wrong) return wrong;
      if (p!.national) {
        if (move) return 'a confirmation that moved the category before national sign-off';
        p!.stage = 'awaiting-national-sign-off';
        return null;
      }
      if (!move || move.from !== w.lastConfirmed || move.to !== w.category || move.status !== 'confirmed') {
        return `confirms category ${move?.to ?? '(none)'} from ${move?.from ?? 'none'}, but the concern was at ${w.category} (last confirmed ${w.lastConfirmed ?? 'none'})`;
      }
      Object.assign(w, { status: 'confirmed', lastConfirmed: w.category, pending: null });
      if (move.to === 3 && entry.recovery) w.recovery = entry.recovery;
      return null;
    }
    case 'challenge': {
      const wrong =
        decides() ??
        (p!.stage !== 'awaiting-governance' ? 'a challenge after regional governance had confirmed' : null);
      if (wrong) return wrong;
      w.pending = null;
      if (p!.national || w.lastConfirmed === null)
        return move ? 'a challenge that moved the category with nothing to restore' : null;
      if (!move || move.from !== w.category || move.to !== w.lastConfirmed || move.status !== 'confirmed') {
        return `restores category ${move?.to ?? '(none)'}, but the last confirmed category was ${w.lastConfirmed}`;
      }
      Object.assign(w, { category: move.to, status: 'confirmed' });
      return null;
    }
    case 'sign-off': {
      const wrong =
        decides() ??
        (p!.stage !== 'awaiting-national-sign-off'
          ? 'a sign-off before regional governance confirmed'
          : !p!.national
            ? 'a sign-off of a proposal that needed none'
            : null);
      if (wrong) return wrong;
      w.pending = null;
      if (entry.approved !== true) return move ? 'a rejected sign-off that moved the category' : null;
      if (p!.decommission) {
        w.closed = true;
        return null;
      }
      if (!move || move.from !== w.category || move.to !== p!.category || move.status !== 'confirmed') {
        return `signs off category ${move?.to ?? '(none)'} from ${move?.from ?? '(none)'}, but the concern was at ${w.category} and ${p!.category} was proposed`;
      }
      // Into 4 with the recovery named or carried; back to 3 keeping it (concerns since 2026-12).
      Object.assign(w, {
        category: move.to,
        status: 'confirmed',
        lastConfirmed: move.to,
        recovery: move.to === 4 ? (entry.recovery ?? null) : move.to === 3 ? w.recovery : null,
      });
      return null;
    }
    case 'rate': {
      if (!entry.risk || !same(entry.risk.from, w.risk)) return 're-rated from a rating the concern did not have';
      w.risk = entry.risk.to;
      return null;
    }
    case 'close': {
      if (p) return 'closed while a proposal was pending';
      w.closed = true;
      return null;
    }
    default:
      return move || entry.risk ? `a ${entry.action} that changed the category or the rating` : null;
  }
}

/** Below category 3 no recovery stands (each move that lands there clears it). */
function clearedBelowThree(w: Walk): void {
  if (w.category !== null && w.category < 3) w.recovery = null;
}

/** What an entry must record, read from the payload its decider signed. */
function recordedFrom(action: AuditAction, payload: Record<string, unknown>): Partial<AuditEntry> | string {
  const parsed = action === 'open' ? checkOpening(payload) : checkDecision(action, payload);
  if (!parsed.ok) return 'the signed payload is not a valid decision of its kind';
  const d = parsed.value as Record<string, unknown> & { evidence?: unknown[]; rationale?: string };
  const evidence = (items: unknown[] | undefined) =>
    (items ?? []).filter((e) => typeof e !== 'string') as NonNullable<AuditEntry['evidence']>;
  const withEvidence = () => {
    const items = evidence(d.evidence);
    return items.length ? { evidence: items } : {};
  };
  const rationale = (value: unknown) => ({ rationale: typeof value === 'string' ? value : null });
  switch (action) {
    case 'open':
      return {
        ...rationale(d.rationale),
        category: { from: null, to: d.category as Category, status: 'provisional' },
        risk: { from: null, to: rate(d.likelihood as number, d.impact as number) },
      };
    case 'propose':
      return {
        ...rationale(d.rationale),
        proposed: d.category as Category,
        ...withEvidence(),
        ...(d.waiveNotice ? { noticeWaived: true } : {}),
      };
    case 'confirm':
    case 'challenge':
    case 'decommission':
      return { ...rationale(d.rationale), ...withEvidence() };
    case 'sign-off':
      return { ...rationale(d.rationale), approved: d.approve as boolean, ...withEvidence() };
    case 'rate':
      return { ...rationale(d.rationale), ...withEvidence() };
    case 'close':
      return rationale(d.rationale);
    case 'plan-agree':
      return { ...rationale(d.rationale), ...(d.agreedBy ? { agreedBy: d.agreedBy as string } : {}) };
    case 'audience':
      return {
        ...rationale(d.reason),
        ...(d.withhold
          ? { withheld: d.withhold as AuditEntry['withheld'] }
          : { restored: d.restore as AuditEntry['restored'] }),
      };
    case 'review':
      return { ...rationale(d.summary), outcome: d.outcome as AuditEntry['outcome'], ...withEvidence() };
    case 'intervene':
      return { ...rationale(d.summary), kind: d.kind as AuditEntry['kind'] };
    case 'plan-add':
      return rationale(d.objective);
    case 'plan-done':
      return { ...rationale(d.evidence), objective: d.objective as number };
    case 'good-practice':
      return { ...rationale(d.summary), ...(d.share ? { sharedWith: [d.share as string] } : {}) };
    case 'plan-share':
      return { rationale: null, sharedWith: d.with as string[] };
  }
}

/** Extra agreement between a signed payload and its entry that is not a plain field. */
function crossCheck(entry: AuditEntry, payload: Record<string, unknown>, carried: Walk['recovery']): string | null {
  if (entry.action === 'rate' && !same(entry.risk?.to, rate(payload.likelihood as number, payload.impact as number)))
    return 'risk: the entry records another rating than was signed';
  const named = payload.leadAgency !== undefined || payload.owner !== undefined;
  const signedRecovery =
    entry.recovery && entry.recovery.leadAgency === payload.leadAgency && entry.recovery.owner === payload.owner;
  // A sign-off into 4 that names none carries the recovery agreed at 3.
  const carriedRecovery = entry.action === 'sign-off' && !named && carried !== null && same(entry.recovery, carried);
  if (entry.recovery && !signedRecovery && !carriedRecovery)
    return 'recovery: the entry records another lead agency or owner than was signed';
  const proposal = payload.proposal as { category?: unknown } | undefined;
  if (proposal && proposal.category !== entry.proposed)
    return 'proposal: the entry decides another proposal than was signed';
  if (entry.action === 'sign-off' && entry.noticeWaived && payload.approveWaiver !== true)
    return 'noticeWaived: the entry records a waiver the sign-off did not approve';
  return null;
}

function signatureProblemOf(entry: AuditEntry, options: TrailOptions, carried: Walk['recovery']): string | null {
  const s = entry.signature;
  if (!s) {
    if (entry.signaturesRequired === false) return null;
    return entry.signaturesRequired === true
      ? `not signed, although configuration ${entry.configVersion ?? ''} required signatures`.replace('  ', ' ')
      : 'not signed, and recorded before entries said whether signatures were required';
  }
  const user = options.users.find((u) => u.id === entry.actor);
  if (!user) return `${entry.actor} is not in the configuration: no key to verify with`;
  const keys = [user.publicKey, ...(user.retiredKeys ?? [])].filter((k): k is string => k !== undefined);
  const key = entry.keyFingerprint ? keys.find((k) => keyFingerprint(k) === entry.keyFingerprint) : user.publicKey;
  if (!key)
    return entry.keyFingerprint
      ? `signed with key ${entry.keyFingerprint}, which is not one of ${entry.actor}'s configured keys`
      : `${entry.actor} has no public key in the configuration`;

  let payload: Record<string, unknown>;
  let message: string;
  if (s.payload) {
    payload = s.payload;
    message = signedMessage(options.ref, entry.action, payload, s.at, s.nonce);
  } else if (s.message) {
    const body = parseSignedMessage(s.message);
    if (!body || body.ref !== options.ref || body.action !== entry.action || body.at !== s.at || body.nonce !== s.nonce)
      return 'the signed message is for another decision';
    payload = body.payload;
    message = s.message;
  } else return 'a signature without what it signed';

  if (!verifyMessage(message, s.value, key))
    return `does not verify against ${entry.actor}'s key ${keyFingerprint(key)}`;
  if (payload.actor !== entry.actor) return `actor: signed by ${String(payload.actor)}, recorded as ${entry.actor}`;
  if ((payload.requestId ?? null) !== entry.requestId)
    return 'requestId: the entry records another request than was signed';
  const age = Math.abs(Date.parse(entry.at) - Date.parse(s.at));
  if (!(age <= options.maxAgeMs))
    return `at: recorded at ${entry.at}, outside the signature's window (signed at ${s.at})`;
  const recorded = recordedFrom(entry.action, payload);
  if (typeof recorded === 'string') return recorded;
  for (const [field, value] of Object.entries(recorded)) {
    if (!same(entry[field as keyof AuditEntry], value))
      return `${field}: the entry records another value than was signed`;
  }
  // Fields the payload did not set must be absent from the entry too (evidence added later, say).
  for (const field of ['evidence', 'sharedWith', 'outcome', 'kind', 'agreedBy', 'withheld', 'restored'] as const) {
    if (entry[field] !== undefined && !(field in recorded)) return `${field}: the entry records what was not signed`;
  }
  return crossCheck(entry, payload, carried);
}

/** The first entry that does not verify, in words, or null when the whole trail does. */
export function firstFailure(checks: readonly EntryCheck[]): string | null {
  const failed = checks.find((c) => c.status === 'failed');
  return failed
    ? `audit entry ${failed.number} (${failed.action} by ${failed.actor} at ${failed.at}) does not verify: ${failed.reason}`
    : null;
}

/**
 * Whether a state is the one its audit trail leads to, in what the trail decides: category and its
 * status, the pending proposal, the rating, the stage, the suspension, and the records each
 * decision adds. Null when it is; else the first difference, in words.
 */
export function trailMismatch(state: ConcernState): string | null {
  const w: Walk = {
    category: null,
    status: 'provisional',
    lastConfirmed: null,
    pending: null,
    risk: null,
    closed: false,
    recovery: null,
  };
  for (const [i, entry] of state.audit.entries()) {
    const problem = movementProblem(entry, i, w);
    if (problem) return `audit entry ${i + 1} (${describe(entry)}): ${problem}`;
  }
  const stage = w.closed ? 'closed' : (w.pending?.stage ?? 'open');
  const count = (action: AuditAction) => state.audit.filter((a) => a.action === action).length;
  const checks: [string, unknown, unknown][] = [
    ['category', state.category, w.category],
    ['categoryStatus', state.categoryStatus, w.status],
    ['lastConfirmedCategory', state.lastConfirmedCategory, w.lastConfirmed],
    ['risk', state.risk, w.risk],
    ['stage', state.stage, stage],
    ['pending', state.pending?.category ?? null, w.closed ? null : (w.pending?.category ?? null)],
    ['trainingSuspended', state.trainingSuspended, w.category === 4 && !w.closed],
    [
      'reviews',
      state.reviews.map((r) => [r.outcome, r.summary]),
      state.audit.filter((a) => a.action === 'review').map((a) => [a.outcome, a.rationale]),
    ],
    [
      'interventions',
      state.interventions.map((r) => [r.kind, r.summary]),
      state.audit.filter((a) => a.action === 'intervene').map((a) => [a.kind, a.rationale]),
    ],
    [
      'objectives',
      state.objectives.map((o) => o.objective),
      state.audit.filter((a) => a.action === 'plan-add').map((a) => a.rationale),
    ],
    ['objectives done', state.objectives.filter((o) => o.done).length, count('plan-done')],
    ['planAgreed', state.planAgreed, count('plan-agree') > 0],
    ['goodPractice', (state.goodPractice ?? []).length, count('good-practice')],
    ['planShares', (state.planShares ?? []).length, count('plan-share')],
  ];
  for (const [field, actual, expected] of checks) {
    if (!same(actual, expected))
      return `${field}: the state says ${JSON.stringify(actual)}, its audit trail ${JSON.stringify(expected)}`;
  }
  return null;
}
