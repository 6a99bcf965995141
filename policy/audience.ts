// Who a notification can be for: a stakeholder role of the guide, a group of configured users, or
// the named owner of an action-plan objective.
import type { UserRole } from './governance';
import type { StakeholderRole } from './stakeholders';

export type Audience = StakeholderRole | UserRole | 'objective-owner';
