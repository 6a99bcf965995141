// Inputs and results of the activities, shared with the workflow as types only.
import type { Notice } from '../concern/decide';
import type { Delivery, DeliveryFailure, NoticeSubject } from '../concern/delivery';

export interface NotificationInput {
  /** The concern's running number for this notice: with the ref and event it makes the Message-ID. */
  seq: number;
  concern: NoticeSubject;
  notice: Notice;
}

/** What the notification activity returns: how the notice went. */
export type NotificationResult = Delivery;
export type { DeliveryFailure, NoticeSubject };
