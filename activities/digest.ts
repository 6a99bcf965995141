// The weekly digest of a region: what is due, what is overdue, what awaits governance or national
// sign-off, and what is on the registers, mailed to the region's quality team and head of quality.
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DIGEST_ROLES, describeCategory } from '../policy';
import { after } from '../config/policy';
import { resolveRecipients } from '../config/recipients';
import type { Config } from '../config/schema';
import type { ConcernState } from '../concern/state';
import { agendaOf, openConcernsQuery, statesOf, type AgendaItem } from '../client/agenda';
import { table, when } from '../client/format';
import { addressOf, messageIdDomain } from './smtp';

export interface DigestInput {
  region: string;
  /** The run's time, from the workflow. */
  at: string;
}

export interface DigestSections {
  overdue: AgendaItem[];
  dueThisWeek: AgendaItem[];
  awaitingGovernance: ConcernState[];
  awaitingSignOff: ConcernState[];
  onRegisters: ConcernState[];
}

export interface DigestResult {
  region: string;
  messageId: string | null;
  recipients: string[];
  counts: Record<keyof DigestSections, number>;
}

export function digestSections(states: readonly ConcernState[], config: Config, at: string): DigestSections {
  const agenda = agendaOf(states, config.policy, at, after(at, '7 days'));
  return {
    overdue: agenda.filter((a) => a.overdue),
    dueThisWeek: agenda.filter((a) => !a.overdue),
    awaitingGovernance: states.filter((s) => s.stage === 'awaiting-governance'),
    awaitingSignOff: states.filter((s) => s.stage === 'awaiting-national-sign-off'),
    onRegisters: states.filter((s) => s.registers.national).sort((a, b) => b.category - a.category || b.risk.score - a.risk.score),
  };
}

export function renderDigest(region: string, sections: DigestSections, config: Config, at: string): { subject: string; text: string } {
  const name = config.regions[region]?.name ?? region;
  const agenda = (items: AgendaItem[]) => table(items.map((a) => [a.ref, when(a.due), a.what, `${a.site} (${a.provider})`]));
  const concerns = (items: ConcernState[], line: (s: ConcernState) => string) => table(items.map((s) => [s.ref, line(s), `${s.site} (${s.provider})`]));
  const section = (title: string, count: number, body: () => string) => [`${title} (${count})`, count ? body() : '  none', ''];
  const text = [
    `Weekly ISF digest for ${name}, ${when(at)}`,
    '',
    ...section('Overdue', sections.overdue.length, () => agenda(sections.overdue)),
    ...section('Due in the next 7 days', sections.dueThisWeek.length, () => agenda(sections.dueThisWeek)),
    ...section('Awaiting regional governance', sections.awaitingGovernance.length, () =>
      concerns(sections.awaitingGovernance, (s) => `category ${s.pending?.category} proposed by ${s.pending?.proposedBy}`),
    ),
    ...section('Awaiting national sign-off', sections.awaitingSignOff.length, () =>
      concerns(sections.awaitingSignOff, (s) => `category ${s.category} → ${s.pending?.category}`),
    ),
    ...section('On the regional and national risk registers', sections.onRegisters.length, () =>
      concerns(sections.onRegisters, (s) => `${describeCategory(s.category)}, risk ${s.risk.score}`),
    ),
    'This digest is sent every Monday under the HEE Intensive Support Framework.',
  ].join('\n');
  const headline = `${sections.overdue.length} overdue, ${sections.dueThisWeek.length} due this week, ${sections.awaitingGovernance.length + sections.awaitingSignOff.length} awaiting decisions`;
  return { subject: `[ISF ${name}] weekly digest: ${headline}`, text };
}

export function createDigestActivities(deps: { client: Client; config: () => Config; mail: Transporter<SMTPTransport.SentMessageInfo> }) {
  return {
    async sendWeeklyDigest({ region, at }: DigestInput): Promise<DigestResult> {
      const config = deps.config();
      const states = await statesOf(deps.client, openConcernsQuery([region]));
      const sections = digestSections(states, config, at);
      const { found } = resolveRecipients(DIGEST_ROLES, { region, provider: '', professions: [], contacts: {} }, config);
      const recipients = [...new Set(found.flatMap((f) => f.addresses))];
      const counts = Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, (v as unknown[]).length])) as DigestResult['counts'];
      if (recipients.length === 0) return { region, messageId: null, recipients, counts };
      const messageId = `<weekly-digest.${region}.${at.slice(0, 10)}@${messageIdDomain(config)}>`;
      const content = renderDigest(region, sections, config, at);
      const info = await deps.mail.sendMail({
        from: config.mail.from,
        to: recipients,
        subject: content.subject,
        text: content.text,
        messageId,
        headers: { 'X-ISF-Region': region, 'X-ISF-Event': 'weekly-digest' },
      });
      return { region, messageId, recipients: info.accepted.map(addressOf), counts };
    },
  };
}
