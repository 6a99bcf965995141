// Who a notification can be for: a stakeholder role of the guide, a group of configured users, or
// the named owner of an action-plan objective.
import { USER_ROLES } from './governance';
import { STAKEHOLDER_ROLES } from './stakeholders';

/**
 * `raiser`: whoever raised the concern, told in plain words of what happens to it. `partner`: the
 * regulators and system partners a plan is shared with, named by the notice.
 */
export const AUDIENCES = [...STAKEHOLDER_ROLES, ...USER_ROLES, 'objective-owner', 'raiser', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];
