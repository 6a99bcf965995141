// Notifications a concern owes: raised by decisions and by clocks, sent by the workflow through
// an activity, rendered into mail by activities/mail-content.ts.
import type { Audience, Category, ShareScope } from '../policy';
import type { CategoryStatus } from './state';
import type { ClockEvent, EventName } from './events';

interface NoticeBase {
  roles: Audience[];
  /** The concern's category when the notice was raised. */
  category: Category;
  /** Addresses for roles that are not in the configuration (an objective's owner). */
  contacts?: Partial<Record<Audience, string[]>>;
}

export type Notice = NoticeBase &
  (
    | {
        event: 'category-changed';
        from: Category | null;
        status: CategoryStatus;
        cause: 'opened' | 'proposed' | 'restored' | 'signed-off';
        rationale: string;
        by: string;
        /** Into category 4: who leads the recovery and owns it. */
        recovery?: { leadAgency: string; owner: string };
      }
    | { event: 'notice-of-intention'; rationale: string; by: string }
    | { event: 'decommissioned'; rationale: string; by: string }
    | {
        event: 'good-practice-shared';
        summary: string;
        by: string;
        /** The roles are resolved at every provider of the region, or at every provider. */
        across: ShareScope;
      }
    | {
        event: 'plan-shared';
        /** Regulators and partners, by their names in the configuration. */
        organisations: string[];
        by: string;
        agreedAt: string;
        objectives: { id: number; objective: string; owner: string; due: string; measure: string; done: boolean }[];
      }
    | {
        event: 'sign-off-requested';
        proposed: Category;
        proposedBy: string;
        confirmedBy: string;
        rationale: string;
        /** The proposal is to decommission the training posts, not to change category. */
        decommission?: boolean;
      }
    | { event: 'register-change'; entered: boolean; score: number }
    | {
        event: 'undeliverable';
        about: EventName;
        failures: { role: Audience; recipient: string | null; reason: string }[];
      }
    | { event: 'escalation-advised'; summary: string; by: string }
    | { event: 'raiser-update'; change: 'categorised' | 'category-changed' | 'closed' }
    | {
        event: ClockEvent;
        /** When the thing the clock watches is (or was) due. */
        due: string;
        /** What is due, in words: "monitoring review", "objective 2: …". */
        what: string;
      }
  );
