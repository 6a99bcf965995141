// The state of one concern: plain JSON, so that it survives continue-as-new, answers the `state`
// query as it is, and is what `isf show --json` prints.
import type { Category, EvidenceSource, Profession, Registers, RiskRating, StakeholderRole, UserRole } from '../policy';
import type { EventName } from './events';

export const STAGES = ['open', 'awaiting-governance', 'awaiting-national-sign-off', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
export type PendingStage = Extract<Stage, 'awaiting-governance' | 'awaiting-national-sign-off'>;

export type CategoryStatus = 'provisional' | 'confirmed';

/** Who a notification is for: stakeholder roles of the guide, or groups of configured users. */
export type Audience = StakeholderRole | UserRole;

export interface Pending {
  /** The category proposed. */
  category: Category;
  /** The category when it was proposed: null for a new concern's first categorisation. */
  from: Category | null;
  stage: PendingStage;
  /** Moves into or out of category 4 take effect only after national sign-off. */
  nationalSignOff: boolean;
  proposedBy: string;
  proposedAt: string;
  rationale: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

export type AuditAction = 'open' | 'propose' | 'confirm' | 'challenge' | 'sign-off' | 'rate' | 'close';

export interface AuditEntry {
  at: string;
  actor: string;
  actorName: string;
  role: UserRole;
  action: AuditAction;
  requestId: string | null;
  rationale: string | null;
  /** What the decision changed, when it changed the category, its status, the risk or the stage. */
  category?: { from: Category | null; to: Category; status: CategoryStatus };
  proposed?: Category;
  risk?: { from: RiskRating | null; to: RiskRating };
  approved?: boolean;
}

export interface NotificationRecord {
  event: EventName;
  category: Category;
  roles: Audience[];
  recipients: string[];
  messageId: string | null;
  at: string;
}

export interface UndeliverableRecord {
  event: EventName;
  role: Audience;
  /** The address refused by the mail server, or null when the role has no address at all. */
  recipient: string | null;
  reason: string;
  at: string;
}

export interface ConcernState {
  ref: string;
  title: string;
  region: string;
  provider: string;
  site: string;
  professions: Profession[];
  learners: number;
  sources: EvidenceSource[];
  contacts: Partial<Record<StakeholderRole, string[]>>;
  openedAt: string;
  openedBy: string;

  stage: Stage;
  category: Category;
  categoryStatus: CategoryStatus;
  /** When the current category took effect. */
  categorySince: string;
  lastConfirmedCategory: Category | null;
  pending: Pending | null;

  risk: RiskRating;
  registers: Registers;
  ratingCategoryMismatch: boolean;

  trainingSuspended: boolean;
  /** HEE's Suspension of Postgraduate Medical Training policy is invoked (category 4 with postgraduate medical learners). */
  suspensionPolicyInvoked: boolean;

  notifications: NotificationRecord[];
  undeliverable: UndeliverableRecord[];
  audit: AuditEntry[];
  closedAt: string | null;
}
