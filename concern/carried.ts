// A concern run's input (concern/run-input.ts): checked before anything else, and a continued run
// that is not this workflow's own taken only once its audit trail verifies.
import { firstFailure, trailMismatch, verifyTrail } from './audit';
import { checkRunInput } from './checks';
import type { ConfigSnapshot } from './directory';
import type { Notice } from './notices';
import type { Carried, CheckedInput } from './run-input';
import type { ConcernState } from './state';

export type { Carried, CheckedInput, QueuedNotice } from './run-input';

/** The run's input as the workflow may use it, or why it may not. */
export function checkInput(input: unknown): { ok: true; value: CheckedInput } | { ok: false; reason: string } {
  return checkRunInput(input);
}

/** Why a notice carried by a run the workflow did not continue itself is not sent. */
export const SET_ASIDE =
  'carried by a run this concern did not continue itself (an import), so it cannot be verified: not sent; send what it said by hand if it is still needed';

/**
 * A continued run that is not this workflow's own continue-as-new: its audit trail must verify
 * against the configuration's keys and its state must be the one that trail leads to. Its outbox
 * cannot be verified (anyone could have written any mail into it), so each notice is set aside:
 * recorded as undeliverable and reported to the region's quality team. Its clocks are planned
 * afresh from the state.
 */
export function admissionOfCarried(
  carried: Carried,
  config: ConfigSnapshot,
  now: string,
): { ok: true; state: ConcernState; lastSeq: number; notices: Notice[] } | { ok: false; reason: string } {
  const { state } = carried;
  const checks = verifyTrail(state.audit, {
    ref: state.ref,
    users: config.directory.users,
    maxAgeMs: config.security.signatureMaxAgeMs,
  });
  const failure = firstFailure(checks) ?? trailMismatch(state);
  if (failure) return { ok: false, reason: `${state.ref} not taken on trust: ${failure}` };
  const setAside = carried.outbox.map(({ notice }) => ({
    event: notice.event,
    role: notice.roles[0] ?? ('quality-team' as const),
    recipient: null,
    reason: SET_ASIDE,
    at: now,
  }));
  const notices: Notice[] = setAside.map((record) => ({
    event: 'undeliverable',
    roles: ['quality-team'],
    category: state.category,
    about: record.event,
    failures: [{ role: record.role, recipient: null, reason: SET_ASIDE }],
  }));
  return {
    ok: true,
    state: setAside.length ? { ...state, undeliverable: [...state.undeliverable, ...setAside] } : state,
    lastSeq: Math.max(carried.lastSeq, ...carried.outbox.map((q) => q.seq)),
    notices,
  };
}
