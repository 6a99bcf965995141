// The state of one concern: plain JSON, so that it survives continue-as-new, answers the `state`
// query as it is, and is what `isf show --json` prints.
import type {
  Audience,
  Category,
  EvidenceItem,
  EvidenceSource,
  InterventionKind,
  Profession,
  Registers,
  ReviewOutcome,
  RiskRating,
  ShareScope,
  StakeholderRole,
  UserRole,
} from '../policy';
import type { EventName } from './events';
import type { DecisionSignature } from './signing';

export const STAGES = ['open', 'awaiting-governance', 'awaiting-national-sign-off', 'closed'] as const;
export type Stage = (typeof STAGES)[number];
export type PendingStage = Extract<Stage, 'awaiting-governance' | 'awaiting-national-sign-off'>;

export type CategoryStatus = 'provisional' | 'confirmed';

export type { Audience } from '../policy';

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
  /** What the proposal rests on (absent in proposals made before evidence was recorded). */
  evidence?: EvidenceItem[];
  /** A proposal to decommission the training posts: on national sign-off the concern closes. */
  decommission?: boolean;
}

/** How a closed concern ended: resolved (closed from 0 or 1), or its training posts decommissioned. */
export type ConcernOutcome = 'resolved' | 'decommissioned';

export type AuditAction =
  | 'open'
  | 'propose'
  | 'confirm'
  | 'challenge'
  | 'sign-off'
  | 'rate'
  | 'close'
  | 'review'
  | 'intervene'
  | 'plan-add'
  | 'plan-agree'
  | 'plan-done'
  | 'decommission'
  | 'good-practice'
  | 'plan-share';

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
  /** The decider's signature and exactly what it signed, for `isf verify`. */
  signature?: DecisionSignature & { message: string };
  /** The review, intervention or objective the decision recorded. */
  outcome?: ReviewOutcome;
  kind?: InterventionKind;
  objective?: number;
  /** The organisations a plan was shared with, or how far good practice was. */
  sharedWith?: string[];
  /** A proposal or sign-off of decommissioning. */
  decommission?: boolean;
  /** An approval of category 4: the lead agency and owner agreed with it. */
  recovery?: { leadAgency: string; owner: string };
  /** The evidence the decider gave for it (`--evidence KIND:TEXT`). */
  evidence?: EvidenceItem[];
}

/** "There will be an agreement on lead agency and ownership, with commitment from all partners to effect improvement." */
export interface Recovery {
  leadAgency: string;
  /** The owner of the recovery: an email address. */
  owner: string;
  agreedAt: string;
  agreedBy: string;
}

export interface GoodPractice {
  at: string;
  by: string;
  summary: string;
  /** How far it was shared, or null when only recorded. */
  share: ShareScope | null;
}

export interface PlanShare {
  at: string;
  by: string;
  with: string[];
}

export interface Review {
  at: string;
  by: string;
  outcome: ReviewOutcome;
  summary: string;
  evidence: string[];
}

export interface Intervention {
  at: string;
  by: string;
  kind: InterventionKind;
  summary: string;
}

/** A SMART objective of the action plan. */
export interface Objective {
  /** 1, 2, 3… in the order they were added. */
  id: number;
  objective: string;
  /** Who delivers it: an email address. */
  owner: string;
  due: string;
  measure: string;
  addedAt: string;
  addedBy: string;
  done: boolean;
  completion: { at: string; by: string; evidence: string } | null;
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
  /** Who raised the concern (an address), or null. */
  raisedBy: string | null;

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
  /** At category 4, who leads the recovery and who owns it (absent in concerns suspended before it was recorded). */
  recovery?: Recovery | null;
  /** HEE's Suspension of Postgraduate Medical Training policy is invoked (category 4 with postgraduate medical learners). */
  suspensionPolicyInvoked: boolean;

  /** Monitoring: every clock below is kept by the workflow's own durable timers. */
  nextReviewDue: string | null;
  reviews: Review[];
  /** The first intervention is due by then, after the concern opened or its category rose; null once logged. */
  respondBy: string | null;
  interventions: Intervention[];
  objectives: Objective[];
  planAgreed: boolean;
  planAgreedAt: string | null;
  /** The action plan must be agreed by then (category 2 and above); null once agreed. */
  planDue: string | null;
  /** An objective passed its date undone: the guide's trigger for escalation to category 3. */
  insufficientProgress: boolean;

  notifications: NotificationRecord[];
  undeliverable: UndeliverableRecord[];
  audit: AuditEntry[];
  closedAt: string | null;
  /** Good practice recorded at category 0 or 1 (absent in concerns from before it was recorded). */
  goodPractice?: GoodPractice[];
  /** Each time the agreed plan was shared with regulators or partners. */
  planShares?: PlanShare[];
  /** Set when the concern closes (absent in concerns closed before outcomes were recorded: they were resolved). */
  outcome?: ConcernOutcome | null;
}

/** How a concern ended, or null while it is open. */
export const outcomeOf = (s: Pick<ConcernState, 'stage' | 'outcome'>): ConcernOutcome | null => (s.stage === 'closed' ? (s.outcome ?? 'resolved') : null);

/** How the recovery reads wherever category 4 is shown. */
export const describeRecovery = (r: Pick<Recovery, 'leadAgency' | 'owner'>): string => `lead agency ${r.leadAgency}, recovery owned by ${r.owner}`;
