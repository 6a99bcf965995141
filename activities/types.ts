// Inputs and results of the activities, shared with the workflow as types only.
import type { Notice } from '../concern/decide';
import type { Audience, ConcernState } from '../concern/state';

/** What a notification needs to know of its concern: no audit trail, no history. */
export type NoticeSubject = Pick<
  ConcernState,
  | 'ref'
  | 'title'
  | 'region'
  | 'provider'
  | 'site'
  | 'professions'
  | 'learners'
  | 'contacts'
  | 'category'
  | 'categoryStatus'
  | 'risk'
> & {
  /** Local roles the concern holds back from its notices now (category 0 or 1). */
  withheld?: readonly string[];
};

export interface NotificationInput {
  /** The concern's running number for this notice: with the ref and event it makes the Message-ID. */
  seq: number;
  concern: NoticeSubject;
  notice: Notice;
}

export interface DeliveryFailure {
  role: Audience;
  /** The refused address, or null when the role has no address configured. */
  recipient: string | null;
  reason: string;
}

export interface NotificationResult {
  /** The notice's Message-ID; each recipient's message has it with a digest of their address. */
  messageId: string | null;
  /** Addresses the mail server accepted. */
  recipients: string[];
  failures: DeliveryFailure[];
  /** Roles of the notice the concern held back. */
  withheld?: Audience[];
}
