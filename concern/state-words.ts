// How a concern's state reads, wherever it is shown. Apart from the state's schemas, so that what
// shows a concern (the admin script) need not load zod.
import type { ConcernOutcome, ConcernState, Recovery } from './state';

/** How a concern ended, or null while it is open. */
export const outcomeOf = (s: Pick<ConcernState, 'stage' | 'outcome'>): ConcernOutcome | null =>
  s.stage === 'closed' ? (s.outcome ?? 'resolved') : null;

/** How the recovery reads wherever category 4 is shown. */
export const describeRecovery = (r: Pick<Recovery, 'leadAgency' | 'owner'>): string =>
  `lead agency ${r.leadAgency}, recovery owned by ${r.owner}`;
