// The concern workflow's activities, built by a factory that receives their dependencies.
import type { Client } from '@temporalio/client';
import type { ReadModel } from '../reads/model';
import { ApplicationFailure } from '@temporalio/common';
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../config/schema';
import { snapshotOf } from '../config/load';
import { resolveNoticeRecipients } from '../config/recipients';
import type { ConfigSnapshot } from '../concern/directory';
import type { Audience } from '../concern/state';
import { createDigestActivities } from './digest';
import { createReadModelActivities } from './read-model';
import { heartbeating, progressSoFar, recordProgress } from './heartbeat';
import { MESSAGE_TIERS, TIER_OF, type MessageTier, type StakeholderRole } from '../policy';
import { renderNotice } from './mail-content';
import { addressOf, messageIdDomain, permanent, recipientMessageId } from './smtp';

export { recipientMessageId } from './smtp';
import type { DeliveryFailure, NotificationInput, NotificationResult } from './types';
import { METRICS } from '../observability/metric-names';

export interface NotificationDeps {
  /** The current configuration; a getter so that a reloaded file takes effect without a restart. */
  config: () => Config;
  mail: Transporter<SMTPTransport.SentMessageInfo>;
  /** Where notifications sent and failed are counted (the worker's Prometheus endpoint). */
  meter?: MetricMeter;
  /**
   * True once the worker is shutting down: a notice to many stops after the message in flight,
   * its progress heartbeated, and the next attempt (on another worker) sends the rest.
   */
  stopping?: () => boolean;
}

export interface ActivityDeps extends NotificationDeps {
  /** Each concern's latest state: written after every change, read by the digests. */
  readModel: ReadModel;
  /** Which concerns exist (the digests list a region's from visibility). */
  client: Client;
}

/** The notice's Message-ID: stable across retries, so a message sent twice is recognisably the same. */
export function messageIdFor(input: NotificationInput, config: Config): string {
  return `<${input.concern.ref}.${input.seq}.${input.notice.event}@${messageIdDomain(config)}>`;
}

export function createNotificationActivities({
  config,
  mail,
  meter = noopMetricMeter,
  stopping = () => false,
}: NotificationDeps) {
  const sent = meter.createCounter(METRICS.notificationsSent, 'notices', 'Notices accepted by the mail server');
  const failed = meter.createCounter(
    METRICS.notificationsFailed,
    'notices',
    'Notices not delivered: retrying (server unreachable) or undeliverable (refused)',
  );
  return {
    loadConfigSnapshot(): Promise<ConfigSnapshot> {
      return Promise.resolve(snapshotOf(config()));
    },

    /**
     * One message per recipient: nobody sees another's address, and each hears in the words of the
     * fullest audience their roles give them (policy/audience.ts). Each message's Message-ID is the
     * notice's with a digest of the recipient: the same on every retry. Progress is heartbeated, so
     * a retry after a crash sends only to those not yet done (and to them with the same ids).
     */
    async sendNotification(input: NotificationInput): Promise<NotificationResult> {
      const current = config();
      // A notice may name people the configuration does not (an objective's owner).
      const addressee = { ...input.concern, contacts: { ...input.concern.contacts, ...input.notice.contacts } };
      const withheld = input.notice.roles.filter((r) => (input.concern.withheld ?? []).includes(r as StakeholderRole));
      const notice = withheld.length
        ? { ...input.notice, roles: input.notice.roles.filter((r) => !withheld.includes(r)) }
        : input.notice;
      const { found, missing } = resolveNoticeRecipients(notice, addressee, current);
      const failures: DeliveryFailure[] = missing.map((m) => ({ role: m.role, recipient: null, reason: m.reason }));
      const roleOf = new Map<string, Audience>();
      const tierOf = new Map<string, MessageTier>();
      for (const { role, addresses } of found) {
        for (const a of addresses) {
          if (!roleOf.has(a)) roleOf.set(a, role);
          const tier = TIER_OF[role];
          const had = tierOf.get(a);
          if (!had || MESSAGE_TIERS.indexOf(tier) < MESSAGE_TIERS.indexOf(had)) tierOf.set(a, tier);
        }
      }
      const kept = withheld.length ? { withheld } : {};
      if (roleOf.size === 0) return { messageId: null, recipients: [], failures, ...kept };

      const messageId = messageIdFor(input, current);
      const contents = new Map<MessageTier, ReturnType<typeof renderNotice>>();
      const contentFor = (tier: MessageTier) =>
        contents.get(tier) ?? contents.set(tier, renderNotice(input.notice, input.concern, current, tier)).get(tier)!;
      // Those already done by an attempt that did not finish (its heartbeats say who).
      const done = new Map<string, string | null>(progressSoFar());
      const accepted: string[] = [];
      const rejected: { address: string; reason: string }[] = [];
      for (const [address, reason] of done) {
        if (reason === null) accepted.push(address);
        else rejected.push({ address, reason });
      }
      for (const [address, tier] of tierOf) {
        if (done.has(address)) continue;
        if (stopping()) {
          failed.add(1, { event: input.notice.event, reason: 'retrying' });
          throw ApplicationFailure.retryable(
            `the worker is stopping: ${done.size} of ${tierOf.size} sent; the next attempt sends the rest`,
            'WorkerStopping',
          );
        }
        const content = contentFor(tier);
        try {
          const info = await heartbeating(
            mail.sendMail({
              from: current.mail.from,
              to: address,
              subject: content.subject,
              text: content.text,
              messageId: recipientMessageId(messageId, address),
              headers: { 'X-ISF-Ref': input.concern.ref, 'X-ISF-Event': input.notice.event, 'X-ISF-Notice': messageId },
            }),
          );
          const ok = info.accepted.map(addressOf).includes(address);
          const errors = (info as { rejectedErrors?: { recipient?: string; message: string }[] }).rejectedErrors ?? [];
          done.set(
            address,
            ok ? null : (errors.find((e) => e.recipient === address)?.message ?? 'refused by the mail server'),
          );
        } catch (err) {
          // Refused for good: recorded, not retried. Anything else: retried (those done are not sent again).
          if (!permanent(err)) {
            failed.add(1, { event: input.notice.event, reason: 'retrying' });
            throw err;
          }
          done.set(address, err instanceof Error ? err.message : String(err));
        }
        const reason = done.get(address)!;
        if (reason === null) accepted.push(address);
        else rejected.push({ address, reason });
        recordProgress([...done]);
      }
      for (const r of rejected) {
        failures.push({
          role: roleOf.get(r.address) ?? input.notice.roles[0],
          recipient: r.address || null,
          reason: r.reason,
        });
      }
      if (accepted.length) sent.add(1, { event: input.notice.event });
      else failed.add(1, { event: input.notice.event, reason: 'undeliverable' });
      return { messageId: accepted.length ? messageId : null, recipients: accepted, failures, ...kept };
    },
  };
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createNotificationActivities(deps),
    ...createDigestActivities(deps),
    ...createReadModelActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { NotificationInput, NotificationResult, NoticeSubject } from './types';
