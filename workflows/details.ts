// What a concern shows operators in the Temporal UI and what listings read from visibility: the
// memo (encrypted like every payload once a codec is configured) and the workflow's current
// details. Plain functions of the state; dates as ISO days, so nothing depends on a time zone.
import { CATEGORY, riskBand } from '../policy';
import { deadlinesOf } from '../concern/clocks';
import type { Policy } from '../config/policy';
import type { ConcernState } from '../concern/state';
import type { OpeningInput } from '../concern/inputs';

/** The memo: what a register or listing needs beyond the search attributes. */
export interface ConcernMemo {
  title: string;
  site: string;
  categoryStatus: ConcernState['categoryStatus'];
  categorySince: string;
  /** Objectives past their date and not done. */
  overdueObjectives: number;
}

export function memoOf(state: ConcernState, now: string): ConcernMemo {
  return {
    title: state.title,
    site: state.site,
    categoryStatus: state.categoryStatus,
    categorySince: state.categorySince,
    overdueObjectives: state.objectives.filter((o) => !o.done && o.due <= now).length,
  };
}

const day = (iso: string) => iso.slice(0, 10);

/** The workflow's static summary: one line, set when the concern opens. */
export function staticSummaryOf(o: Pick<OpeningInput, 'ref' | 'site' | 'provider' | 'region'>): string {
  return `${o.ref}: ${o.site} (${o.provider}, ${o.region})`;
}

/** The workflow's static details (Markdown), set when the concern opens. */
export function staticDetailsOf(o: OpeningInput): string {
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
  if (state.trainingSuspended) lines.push('', '**Training suspended**' + (state.suspensionPolicyInvoked ? ' (Suspension of Postgraduate Medical Training policy invoked)' : ''));
  if (state.pending) {
    const p = state.pending;
    lines.push('', `Pending: category ${p.category}, ${p.stage === 'awaiting-governance' ? 'awaiting regional governance' : `awaiting national sign-off (confirmed by ${p.confirmedBy})`}, proposed by ${p.proposedBy}`);
  }
  const due = deadlinesOf(state, policy).map((d) => `${d.what}: ${day(d.due)}${d.due <= now ? ' (overdue)' : ''}`);
  if (due.length) lines.push('', `Due: ${due.join(' · ')}`);
  if (state.insufficientProgress) lines.push('', 'Insufficient progress: an objective passed its date undone');
  if (state.stage === 'closed' && state.closedAt) lines.push('', `Closed ${day(state.closedAt)}`);
  return lines.join('\n');
}
