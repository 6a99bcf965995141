// A concern's decisions in plain English, the one description of an audit entry: `isf history R`
// prints them oldest first for people outside the quality team ("12 Mar 2026 — Ana Example
// (quality team) proposed category 3: …"), and `isf show` lists them beside the rationale.
import { CATEGORY, USER_ROLE_LABEL, type Category } from '../policy';
import { describeRecovery } from '../concern/state-words';
import { day } from './dates';
import type { AuditEntry, ConcernState } from '../concern/state';

const named = (c: Category) => `category ${c} (${CATEGORY[c].name})`;

/** What an audit entry did, in a sentence without its subject ("proposed category 3 …"). */
export function describeEntry(a: AuditEntry, state: ConcernState): string {
  switch (a.action) {
    case 'open':
      return `opened the concern and placed it provisionally in ${named(a.category!.to)}, rated ${a.risk!.to.score} (likelihood ${a.risk!.to.likelihood} × impact ${a.risk!.to.impact})`;
    case 'propose':
      return a.category
        ? `proposed ${named(a.proposed!)}, which took effect at once pending regional governance`
        : `proposed ${named(a.proposed!)}, which needs regional governance confirmation and national sign-off${a.noticeWaived ? ', waiving the notice period on the urgent route (patient or learner safety)' : ''}`;
    case 'confirm':
      if (!a.category && lastProposalBefore(state, a)?.action === 'decommission') {
        return 'confirmed the proposal to decommission the training posts for regional governance, passing it to national scrutiny';
      }
      return a.category
        ? `confirmed ${named(a.category.to)} for regional governance${a.recovery ? `, with ${describeRecovery(a.recovery)}` : ''}`
        : `confirmed the proposal of ${named(a.proposed!)} for regional governance, passing it to national scrutiny`;
    case 'challenge':
      if (!a.category && lastProposalBefore(state, a)?.action === 'decommission')
        return 'challenged the proposal to decommission the training posts, which did not go ahead';
      return a.category
        ? `challenged the proposed ${named(a.proposed!)}; ${named(a.category.to)} was restored`
        : `challenged the proposed ${named(a.proposed!)}, which did not go ahead`;
    case 'good-practice':
      return a.sharedWith
        ? `recorded good practice and shared it with the education and quality leads of ${a.sharedWith[0] === 'national' ? 'every provider' : "the region's providers"}`
        : 'recorded good practice';
    case 'plan-share':
      return `shared the agreed action plan with ${a.sharedWith?.join(', ')}`;
    case 'decommission':
      return 'proposed ending category 4 by decommissioning the training posts, which needs regional governance confirmation and national sign-off';
    case 'sign-off':
      if (a.decommission)
        return a.approved
          ? 'approved decommissioning the training posts at national level; the concern closed'
          : 'declined decommissioning the training posts at national level';
      return a.approved
        ? `approved the move to ${named(a.proposed!)} at national level${a.noticeWaived ? ', approving the waiver of the notice period' : ''}${a.recovery ? `, with ${describeRecovery(a.recovery)}` : ''}`
        : `declined the move to ${named(a.proposed!)} at national level`;
    case 'rate':
      return `re-rated the risk from ${a.risk!.from!.score} to ${a.risk!.to.score} (likelihood ${a.risk!.to.likelihood} × impact ${a.risk!.to.impact})`;
    case 'close':
      return 'closed the concern';
    case 'review':
      return `recorded a monitoring review: ${a.outcome === 'no-change' ? 'no change' : a.outcome}`;
    case 'intervene':
      return `logged an intervention (${a.kind!.replace(/-/g, ' ')})`;
    case 'plan-add': {
      const o = state.objectives.find((x) => x.id === a.objective);
      return `added objective ${a.objective} to the action plan${o ? `, due ${day(o.due)}, owned by ${o.owner}` : ''}`;
    }
    case 'plan-agree':
      return `recorded the action plan as agreed with the provider${a.agreedBy ? ` (${a.agreedBy})` : ''}`;
    case 'plan-done':
      return `recorded objective ${a.objective} as done`;
    case 'audience':
      return a.withheld
        ? `held back the concern's notices from the ${a.withheld.replace(/-/g, ' ')}, as the guide allows at category 0 or 1`
        : `restored the concern's notices to the ${a.restored!.replace(/-/g, ' ')}`;
  }
}

/** The proposal (or decommissioning) a confirmation or challenge answered. */
function lastProposalBefore(state: ConcernState, a: AuditEntry): AuditEntry | undefined {
  const earlier = state.audit.slice(0, state.audit.indexOf(a)).reverse();
  return earlier.find((b) => b.action === 'propose' || b.action === 'decommission');
}

export function historyLines(state: ConcernState): string[] {
  return state.audit.map((a) => {
    const line = `${day(a.at)} — ${a.actorName} (${USER_ROLE_LABEL[a.role]}) ${describeEntry(a, state)}`;
    const said = a.rationale ? `${line}: ${a.rationale.replace(/\s+/g, ' ')}` : `${line}.`;
    const evidence = a.evidence?.map((e) => `${e.kind.replace(/-/g, ' ')}: ${e.text.replace(/\s+/g, ' ')}`);
    return evidence ? `${said}${/[.!?]$/.test(said) ? '' : '.'} Evidence — ${evidence.join('; ')}.` : said;
  });
}
