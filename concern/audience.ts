// "Shared locally … as appropriate": at category 0 or 1 the regional quality team may hold back a
// concern's notices from one of the nine local roles (with a reason, recorded), and restore it.
// Regional, national and provider-executive roles and the regulator are always told; from category
// 2 every role is told whatever was held back. Pure, like the other decisions.
import { WITHHOLDABLE_AT, type StakeholderRole } from '../policy';
import { auditEntry, finish, refuse, type Handler } from './outcome';
import type { ConcernState } from './state';

/** The roles held back from a notice now: none from category 2. */
export function withheldNow(state: Pick<ConcernState, 'category' | 'withheld'>): StakeholderRole[] {
  return WITHHOLDABLE_AT.includes(state.category) ? (state.withheld ?? []).map((w) => w.role) : [];
}

export const audience: Handler<'audience'> = (state, input, user, ctx) => {
  const withheld = state.withheld ?? [];
  if (input.withhold !== undefined) {
    const role = input.withhold as StakeholderRole;
    if (!WITHHOLDABLE_AT.includes(state.category)) {
      return refuse(
        `withhold: roles are held back at category ${WITHHOLDABLE_AT.join(' or ')} only; ${state.ref} is at category ${state.category}, where every stakeholder is told`,
      );
    }
    if (withheld.some((w) => w.role === role))
      return refuse(`withhold: ${role} is already held back from ${state.ref}`);
    const entry = auditEntry(ctx, user, 'audience', input.requestId, input.reason, { withheld: role });
    const next: ConcernState = {
      ...state,
      withheld: [...withheld, { role, reason: input.reason!, by: user.id, at: ctx.now }],
      audit: [...state.audit, entry],
    };
    return finish(state, next, [], ctx);
  }
  const role = input.restore as StakeholderRole;
  if (!withheld.some((w) => w.role === role)) return refuse(`restore: ${role} is not held back from ${state.ref}`);
  const entry = auditEntry(ctx, user, 'audience', input.requestId, input.reason, { restored: role });
  return finish(
    state,
    { ...state, withheld: withheld.filter((w) => w.role !== role), audit: [...state.audit, entry] },
    [],
    ctx,
  );
};
