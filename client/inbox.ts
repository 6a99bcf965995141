// `isf inbox --as USER`: what waits on one person. Temporal has no task inbox of its own; this is
// it, read from the concerns' states (reads/states.ts), by the roles and regions the configuration gives the user.
import { statesOf, type ReadSources } from '../reads/states';
import { type Policy } from '../config/settings';
import { after } from '../config/durations';
import type { Config } from '../config/schema';
import { agendaOf } from '../reads/agenda';
import { refusedError } from './errors';

export type { InboxItem } from '../api/schemas';
import type { InboxItem } from '../api/schemas';

export async function inboxOf(sources: ReadSources, config: Config, userId: string, now: string): Promise<InboxItem[]> {
  const user = config.users.find((u) => u.id === userId);
  if (!user) throw refusedError(`actor: unknown user '${userId}' (not in the configuration)`);
  const policy: Policy = config.policy;
  const items: InboxItem[] = [];

  if (user.roles.includes('regional-governance')) {
    const states = await statesOf(sources, { regions: user.regions ?? [], stage: 'awaiting-governance' });
    for (const s of states) {
      const p = s.pending;
      if (!p || p.stage !== 'awaiting-governance' || p.proposedBy === user.id) continue;
      const due = after(p.proposedAt, policy.confirmWithin);
      items.push({
        ref: s.ref,
        region: s.region,
        task: 'confirm',
        what: `confirm or challenge category ${p.category} (proposed by ${p.proposedBy})`,
        due,
        overdue: due <= now,
      });
    }
  }
  if (user.roles.includes('national-scrutiny')) {
    const states = await statesOf(sources, { stage: 'awaiting-national-sign-off' });
    for (const s of states) {
      const p = s.pending;
      if (!p || !p.confirmedAt || p.proposedBy === user.id || p.confirmedBy === user.id) continue;
      const due = after(p.confirmedAt, policy.signOffWithin);
      items.push({
        ref: s.ref,
        region: s.region,
        task: 'sign-off',
        what: `sign off category ${s.category} → ${p.category} (proposed by ${p.proposedBy}, confirmed by ${p.confirmedBy})`,
        due,
        overdue: due <= now,
      });
    }
  }
  if (user.roles.includes('quality-team')) {
    const until = after(now, policy.reminderBefore);
    const states = await statesOf(sources, { regions: user.regions ?? [], dueBefore: until });
    for (const a of agendaOf(states, policy, now, until)) {
      if (a.kind === 'confirmation' || a.kind === 'sign-off') continue; // waits on governance, not the team
      items.push({ ref: a.ref, region: a.region, task: a.kind, what: a.what, due: a.due, overdue: a.overdue });
    }
  }
  return items.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.ref.localeCompare(b.ref));
}
