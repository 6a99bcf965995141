// `isf verify R`: the concern's audit trail checked as evidence (concern/audit.ts): the chain, each
// signature against the configured keys (retired ones too), each signed entry against the payload
// its decider signed, nonces used once, the category moves, and the state against its trail.
import { trailMismatch, verifyTrail, type EntryCheck } from '../concern/audit';
import type { ConcernState } from '../concern/state';
import { durationMs } from '../config/durations';
import type { Config } from '../config/schema';

export interface Verification {
  ref: string;
  /** True when no entry failed and the state is the one its trail leads to (unsigned entries allowed, and listed). */
  verified: boolean;
  /** The numbers of the entries that do not verify. */
  failed: number[];
  /** The numbers of the entries recorded unsigned under a configuration that did not require signatures. */
  unsigned: number[];
  /** Where the state departs from its trail, or null. */
  state: string | null;
  decisions: (EntryCheck & { verified: boolean })[];
}

export function verifyAudit(state: ConcernState, config: Config): Verification {
  const users = config.users.map(({ id, name, roles, regions, publicKey, retiredKeys }) => ({
    id,
    name,
    roles,
    regions,
    publicKey,
    retiredKeys,
  }));
  const checks = verifyTrail(state.audit, {
    ref: state.ref,
    users,
    maxAgeMs: durationMs(config.security.signatureMaxAge),
  });
  const failed = checks.filter((c) => c.status === 'failed').map((c) => c.number);
  const mismatch = failed.length ? null : trailMismatch(state);
  return {
    ref: state.ref,
    verified: failed.length === 0 && mismatch === null,
    failed,
    unsigned: checks.filter((c) => c.status === 'unsigned').map((c) => c.number),
    state: mismatch,
    decisions: checks.map((c) => ({ ...c, verified: c.status === 'verified' })),
  };
}
