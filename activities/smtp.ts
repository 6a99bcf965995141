// Small facts about sending mail that every activity shares.
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema';

/** The right-hand side of every Message-ID: configured, else the sender's domain. */
export function messageIdDomain(config: Config): string {
  return config.mail.messageIdDomain ?? /@([^>\s]+)/.exec(config.mail.from)?.[1] ?? 'isf.invalid';
}

export const addressOf = (a: string | { address: string }): string => (typeof a === 'string' ? a : a.address);

/** An SMTP reply in the 5xx range refuses for good; anything else is worth retrying. */
export function permanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Each recipient's message: the notice's id with a digest of the address (which the id does not reveal). */
export function recipientMessageId(noticeId: string, address: string): string {
  const digest = createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 12);
  return noticeId.replace('@', `.${digest}@`);
}
