// What a notice knows of its concern, and what its delivery leaves on the concern. Pure: the
// workflow sends (an activity) and records (this).
import { withheldNow } from './audience';
import type { Notice } from './notices';
import type { Audience, ConcernState } from './state';

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

export interface DeliveryFailure {
  role: Audience;
  /** The refused address, or null when the role has no address configured. */
  recipient: string | null;
  reason: string;
}

/** How a notice went: who was told, who could not be, who was held back. */
export interface Delivery {
  /** The notice's Message-ID; each recipient's message has it with a digest of their address. */
  messageId: string | null;
  /** Addresses the mail server accepted. */
  recipients: string[];
  failures: DeliveryFailure[];
  /** Roles of the notice the concern held back. */
  withheld?: Audience[];
}

export function noticeSubjectOf(state: ConcernState): NoticeSubject {
  const { ref, title, region, provider, site, professions, learners, contacts, category, categoryStatus, risk } = state;
  const withheld = withheldNow(state);
  return {
    ref,
    title,
    region,
    provider,
    site,
    professions,
    learners,
    contacts,
    category,
    categoryStatus,
    risk,
    ...(withheld.length ? { withheld } : {}),
  };
}

/**
 * A notice delivered: recorded with who was told (and who held back), every failure recorded as
 * undeliverable, and, so that nobody is silently left out, the region's quality team told of the
 * failures (once: a report that itself fails is recorded, not reported again).
 */
export function recordDelivery(
  state: ConcernState,
  notice: Notice,
  delivery: Delivery,
  at: string,
): { state: ConcernState; notices: Notice[] } {
  const next: ConcernState = {
    ...state,
    notifications: [
      ...state.notifications,
      {
        event: notice.event,
        category: notice.category,
        roles: notice.roles,
        recipients: delivery.recipients,
        messageId: delivery.messageId,
        at,
        ...(delivery.withheld?.length ? { withheld: delivery.withheld } : {}),
      },
    ],
    undeliverable: [...state.undeliverable, ...delivery.failures.map((f) => ({ event: notice.event, ...f, at }))],
  };
  const report: Notice[] =
    delivery.failures.length > 0 && notice.event !== 'undeliverable'
      ? [
          {
            event: 'undeliverable',
            roles: ['quality-team'],
            category: state.category,
            about: notice.event,
            failures: delivery.failures,
          },
        ]
      : [];
  return { state: next, notices: report };
}
