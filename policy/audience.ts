// Who a notification can be for: a stakeholder role of the guide, a group of configured users, or
// the named owner of an action-plan objective.
import type { UserRole } from './governance';
import type { StakeholderRole } from './stakeholders';

/**
 * `raiser`: whoever raised the concern, told in plain words of what happens to it. `partner`: the
 * regulators and system partners a plan is shared with, named by the notice.
 */
export type Audience = StakeholderRole | UserRole | 'objective-owner' | 'raiser' | 'partner';
