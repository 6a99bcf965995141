// A concern run's input, as a schema: a new concern's opening, or the state a continued run carries.
// The workflow checks its input with this (compiled: concern/checks.ts) before it does anything
// else, since the input may not be its own: anyone who can start a workflow on the task queue can
// write one.
import { z } from 'zod';
import { configSnapshotSchema } from './directory';
import { noticeSchema } from './notices';
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
