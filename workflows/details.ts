// What a concern shows operators in the Temporal UI: its summary and details, set when it opens,
// and its current details, kept up to date. Plain functions of the state; dates as ISO days, so
// nothing depends on a time zone.
import { CATEGORY, riskBand } from '../policy';
import { deadlinesOf } from '../concern/clocks';
import type { Policy } from '../config/settings';
import type { ConcernState, DeepReadonly } from '../concern/state';
import type { OpeningInput } from '../concern/inputs';

/**
 * The memo, set when the concern opens and never changed: what listings show beyond the search
 * attributes, and encoded like every payload once a codec is configured (search attributes are
 * not). Never upserted: the SDK replays memo changes made while updates are handled in a
 * different order than it ran them (nondeterminism errors seen under bursts of updates).
 */
export interface ConcernMemo {
  title: string;
  site: string;
}

const day = (iso: string) => iso.slice(0, 10);

/** The workflow's static summary: one line, set when the concern opens. */
export function staticSummaryOf(o: Pick<OpeningInput, 'ref' | 'site' | 'provider' | 'region'>): string {
  return `${o.ref}: ${o.site} (${o.provider}, ${o.region})`;
}

/** The workflow's static details (Markdown), set when the concern opens. */
export function staticDetailsOf(
  o: Pick<
    DeepReadonly<OpeningInput>,
    'title' | 'site' | 'provider' | 'region' | 'learners' | 'professions' | 'sources'
  >,
): string {
  return [
    `**${o.title}**`,
    '',
    `${o.site} — ${o.provider} (${o.region})`,
    '',
    `Learners: ${String(o.learners)} (${o.professions.join(', ')}) · evidence: ${o.sources.join(', ')}`,
  ].join('\n');
}

/** The workflow's current details (Markdown): where the concern stands now. */
export function currentDetailsOf(state: ConcernState, policy: Policy, now: string): string {
  const c = CATEGORY[state.category];
  const lines = [
    `**Category ${state.category} — ${c.name}** (${state.categoryStatus} since ${day(state.categorySince)})`,
    '',
    `Risk ${state.risk.score} (${riskBand(state.risk.score, policy.riskBands)}): likelihood ${state.risk.likelihood} × impact ${state.risk.impact}` +
      (state.registers.national ? ' · on the regional and national risk registers' : ''),
  ];
  if (state.trainingSuspended)
    lines.push(
      '',
      '**Training suspended**' +
        (state.suspensionPolicyInvoked ? ' (Suspension of Postgraduate Medical Training policy invoked)' : ''),
    );
  if (state.pending) {
    const p = state.pending;
    lines.push(
      '',
      `Pending: category ${p.category}, ${p.stage === 'awaiting-governance' ? 'awaiting regional governance' : `awaiting national sign-off (confirmed by ${p.confirmedBy})`}, proposed by ${p.proposedBy}`,
    );
  }
  const due = deadlinesOf(state, policy).map((d) => `${d.what}: ${day(d.due)}${d.due <= now ? ' (overdue)' : ''}`);
  if (due.length) lines.push('', `Due: ${due.join(' · ')}`);
  if (state.insufficientProgress) lines.push('', 'Insufficient progress: an objective passed its date undone');
  if (state.stage === 'closed' && state.closedAt) lines.push('', `Closed ${day(state.closedAt)}`);
  return lines.join('\n');
}
