// A concern run's input, as a schema: a new concern's opening, or the state a continued run carries.
// The workflow parses its input with this before it does anything else, since the input may not be
// its own: anyone who can start a workflow on the task queue can write one.
import { z } from 'zod';
import { firstFailure, trailMismatch, verifyTrail } from './audit';
import { configSnapshotSchema, type ConfigSnapshot } from './directory';
import { check } from './invalid';
import { noticeSchema, type Notice } from './notices';
import { concernStateSchema, type ConcernState } from './state';

/** A notice waiting to be sent, numbered so that its Message-ID is the same on every retry. */
export const queuedNoticeSchema = z.object({ seq: z.number().int().min(1), notice: noticeSchema }).strict();
export type QueuedNotice = z.output<typeof queuedNoticeSchema>;

/** Everything a concern carries into its next run when it continues as new. */
export const carriedSchema = z
  .object({
    state: concernStateSchema,
    config: configSnapshotSchema,
    outbox: z.array(queuedNoticeSchema),
    lastSeq: z.number().int().min(0),
    /** Clocks already fired, so that none fires twice across runs. */
    fired: z.array(z.string()),
  })
  .strict();
/** The state in it is read-only, as everywhere (concern/state.ts). */
export type Carried = Omit<z.output<typeof carriedSchema>, 'state'> & { state: ConcernState };

export const concernInputSchema = z.discriminatedUnion('kind', [
  // The opening itself is checked by the opening, which refuses with its reason through the update.
  z.object({ kind: z.literal('new'), opening: z.unknown() }).strict(),
  z.object({ kind: z.literal('continued'), carried: carriedSchema }).strict(),
]);
export type CheckedInput = z.output<typeof concernInputSchema>;

/** The run's input as the workflow may use it, or why it may not. */
export function checkInput(input: unknown): { ok: true; value: CheckedInput } | { ok: false; reason: string } {
  return check(concernInputSchema, input, 'input');
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
