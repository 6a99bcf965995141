// The concern workflow's activities, built by a factory that receives their dependencies.
import type { Client } from '@temporalio/client';
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../config/schema';
import { snapshotOf } from '../config/load';
import { resolveNoticeRecipients } from '../config/recipients';
import type { ConfigSnapshot } from '../concern/directory';
import type { Audience } from '../concern/state';
import { createDigestActivities } from './digest';
import { heartbeating } from './heartbeat';
import { renderNotice } from './mail-content';
import { addressOf, messageIdDomain, permanent } from './smtp';
import type { DeliveryFailure, NotificationInput, NotificationResult } from './types';
import { METRICS } from '../observability/metric-names';

export interface NotificationDeps {
  /** The current configuration; a getter so that a reloaded file takes effect without a restart. */
  config: () => Config;
  mail: Transporter<SMTPTransport.SentMessageInfo>;
  /** Where notifications sent and failed are counted (the worker's Prometheus endpoint). */
  meter?: MetricMeter;
}

export interface ActivityDeps extends NotificationDeps {
  /** Reads other workflows (the weekly digest reads every concern of a region). */
  client: Client;
}

/** Stable across retries, so a message sent twice is recognisably the same message. */
export function messageIdFor(input: NotificationInput, config: Config): string {
  return `<${input.concern.ref}.${input.seq}.${input.notice.event}@${messageIdDomain(config)}>`;
}

export function createNotificationActivities({ config, mail, meter = noopMetricMeter }: NotificationDeps) {
  const sent = meter.createCounter(METRICS.notificationsSent, 'notices', 'Notices accepted by the mail server');
  const failed = meter.createCounter(METRICS.notificationsFailed, 'notices', 'Notices not delivered: retrying (server unreachable) or undeliverable (refused)');
  return {
    loadConfigSnapshot(): Promise<ConfigSnapshot> {
      return Promise.resolve(snapshotOf(config()));
    },

    async sendNotification(input: NotificationInput): Promise<NotificationResult> {
      const current = config();
      // A notice may name people the configuration does not (an objective's owner).
      const addressee = { ...input.concern, contacts: { ...input.concern.contacts, ...input.notice.contacts } };
      const { found, missing } = resolveNoticeRecipients(input.notice, addressee, current);
      const failures: DeliveryFailure[] = missing.map((m) => ({ role: m.role, recipient: null, reason: m.reason }));
      const roleOf = new Map<string, Audience>();
      for (const { role, addresses } of found) for (const a of addresses) if (!roleOf.has(a)) roleOf.set(a, role);
      const addresses = [...roleOf.keys()];
      if (addresses.length === 0) return { messageId: null, recipients: [], failures };

      const messageId = messageIdFor(input, current);
      const content = renderNotice(input.notice, input.concern, current);
      let accepted: string[];
      let rejected: { address: string; reason: string }[];
      try {
        const info = await heartbeating(mail.sendMail({
          from: current.mail.from,
          to: addresses,
          subject: content.subject,
          text: content.text,
          messageId,
          headers: { 'X-ISF-Ref': input.concern.ref, 'X-ISF-Event': input.notice.event },
        }));
        accepted = info.accepted.map(addressOf);
        // Some recipients refused, the others accepted: nodemailer reports each refusal.
        const errors = (info as { rejectedErrors?: { recipient?: string; message: string }[] }).rejectedErrors ?? [];
        rejected = info.rejected.map(addressOf).map((a) => ({
          address: a,
          reason: errors.find((e) => e.recipient === a)?.message ?? 'refused by the mail server',
        }));
      } catch (err) {
        // Every recipient refused for good: nothing was sent, and retrying will not change that.
        if (!permanent(err)) {
          failed.add(1, { event: input.notice.event, reason: 'retrying' });
          throw err;
        }
        accepted = [];
        const reason = err instanceof Error ? err.message : String(err);
        const refused = (err as { rejected?: string[] }).rejected ?? addresses;
        rejected = refused.map((address) => ({ address, reason }));
      }
      for (const r of rejected) {
        failures.push({ role: roleOf.get(r.address) ?? input.notice.roles[0], recipient: r.address || null, reason: r.reason });
      }
      if (accepted.length) sent.add(1, { event: input.notice.event });
      else failed.add(1, { event: input.notice.event, reason: 'undeliverable' });
      return { messageId: accepted.length ? messageId : null, recipients: accepted, failures };
    },
  };
}

export function createActivities(deps: ActivityDeps) {
  return { ...createNotificationActivities(deps), ...createDigestActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
export type { NotificationInput, NotificationResult, NoticeSubject } from './types';
