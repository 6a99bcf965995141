// The weekly digests. A region's: what is due, what is overdue, what awaits governance or national
// sign-off, and what is on the registers, mailed to the region's quality team and head of quality.
// The national one ("monitored nationally … by the JSOG", "oversight from the HEE Executive"):
// concerns at 3 and 4, changes to the national register that week, sign-offs waiting, notice
// deadlines and reviews overdue at 3 and 4, to JSOG, the HEE Executive and national scrutiny.
// One message per recipient, as every notice.
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DIGEST_ROLES, NATIONAL_DIGEST_ROLES, describeCategory, type Audience } from '../policy';
import { after } from '../config/durations';
import { resolveRecipients } from '../config/recipients';
import type { Config } from '../config/schema';
import type { ConcernState } from '../concern/state';
import { agendaOf, type AgendaItem } from '../reads/agenda';
import type { Client } from '@temporalio/client';
import type { ReadModel } from '../reads/model';
import { statesOf } from '../reads/states';
import { table } from '../text/table';
import { when } from '../text/dates';
import { addressOf, messageIdDomain, recipientMessageId } from './smtp';

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
    onRegisters: states
      .filter((s) => s.registers.national)
      .sort((a, b) => b.category - a.category || b.risk.score - a.risk.score),
  };
}

export function renderDigest(
  region: string,
  sections: DigestSections,
  config: Config,
  at: string,
): { subject: string; text: string } {
  const name = config.regions[region]?.name ?? region;
  const agenda = (items: AgendaItem[]) =>
    table(items.map((a) => [a.ref, when(a.due), a.what, `${a.site} (${a.provider})`]));
  const concerns = (items: ConcernState[], line: (s: ConcernState) => string) =>
    table(items.map((s) => [s.ref, line(s), `${s.site} (${s.provider})`]));
  const section = (title: string, count: number, body: () => string) => [
    `${title} (${count})`,
    count ? body() : '  none',
    '',
  ];
  const text = [
    `Weekly ISF digest for ${name}, ${when(at)}`,
    '',
    ...section('Overdue', sections.overdue.length, () => agenda(sections.overdue)),
    ...section('Due in the next 7 days', sections.dueThisWeek.length, () => agenda(sections.dueThisWeek)),
    ...section('Awaiting regional governance', sections.awaitingGovernance.length, () =>
      concerns(
        sections.awaitingGovernance,
        (s) => `category ${s.pending?.category} proposed by ${s.pending?.proposedBy}`,
      ),
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

export interface NationalSections {
  atThreeAndFour: ConcernState[];
  registerChanges: { state: ConcernState; entered: boolean; at: string }[];
  awaitingSignOff: ConcernState[];
  noticeDeadlines: ConcernState[];
  reviewsOverdue: ConcernState[];
}

export interface NationalDigestResult {
  messageId: string | null;
  recipients: string[];
  counts: Record<keyof NationalSections, number>;
}

export function nationalSections(states: readonly ConcernState[], at: string): NationalSections {
  const weekAgo = new Date(Date.parse(at) - 7 * 86_400_000).toISOString();
  const byRisk = (a: ConcernState, b: ConcernState) =>
    b.category - a.category || b.risk.score - a.risk.score || a.ref.localeCompare(b.ref);
  return {
    atThreeAndFour: states.filter((s) => s.category >= 3).sort(byRisk),
    // A concern starts off the register, so its changes alternate: entered, left, entered…
    registerChanges: states.flatMap((s) =>
      s.notifications
        .filter((n) => n.event === 'register-change')
        .map((n, i) => ({ state: s, entered: i % 2 === 0, at: n.at }))
        .filter((c) => c.at >= weekAgo),
    ),
    awaitingSignOff: states.filter((s) => s.stage === 'awaiting-national-sign-off'),
    noticeDeadlines: states
      .filter((s) => s.category === 3 && s.noticeOfIntention)
      .sort((a, b) => a.noticeOfIntention!.endsAt.localeCompare(b.noticeOfIntention!.endsAt)),
    reviewsOverdue: states.filter((s) => s.category >= 3 && s.nextReviewDue !== null && s.nextReviewDue < at),
  };
}

export function renderNationalDigest(sections: NationalSections, at: string): { subject: string; text: string } {
  const where = (s: ConcernState) => `${s.site} (${s.provider}, ${s.region})`;
  const section = (title: string, rows: string[][]) => [
    `${title} (${rows.length})`,
    rows.length ? table(rows) : '  none',
    '',
  ];
  const text = [
    `Weekly national ISF digest, ${when(at)}`,
    '',
    ...section(
      'At category 3 and 4',
      sections.atThreeAndFour.map((s) => [s.ref, `${describeCategory(s.category)}, risk ${s.risk.score}`, where(s)]),
    ),
    ...section(
      'Changes to the national risk register this week',
      sections.registerChanges.map((c) => [c.state.ref, c.entered ? 'entered' : 'left', when(c.at), where(c.state)]),
    ),
    ...section(
      'Awaiting national sign-off',
      sections.awaitingSignOff.map((s) => [
        s.ref,
        s.pending?.decommission ? 'decommissioning' : `category ${s.category} → ${s.pending?.category}`,
        where(s),
      ]),
    ),
    ...section(
      'Notices of intention standing, soonest deadline first',
      sections.noticeDeadlines.map((s) => [
        s.ref,
        `${s.noticeOfIntention!.endsAt <= at ? 'ended' : 'ends'} ${when(s.noticeOfIntention!.endsAt)}`,
        where(s),
      ]),
    ),
    ...section(
      'Reviews overdue at category 3 and 4',
      sections.reviewsOverdue.map((s) => [s.ref, `due ${when(s.nextReviewDue!)}`, where(s)]),
    ),
    'This digest is sent every Monday under the HEE Intensive Support Framework.',
  ].join('\n');
  const headline = `${sections.atThreeAndFour.length} at category 3 or 4, ${sections.awaitingSignOff.length} awaiting sign-off, ${sections.reviewsOverdue.length} reviews overdue`;
  return { subject: `[ISF national] weekly digest: ${headline}`, text };
}

/** Each recipient's own message, with an id of its own (the digest's, with a digest of the address). */
async function sendEach(
  mail: Transporter<SMTPTransport.SentMessageInfo>,
  config: Config,
  recipients: readonly string[],
  messageId: string,
  content: { subject: string; text: string },
  headers: Record<string, string>,
): Promise<string[]> {
  const accepted: string[] = [];
  for (const to of recipients) {
    const info = await mail.sendMail({
      from: config.mail.from,
      to,
      subject: content.subject,
      text: content.text,
      messageId: recipientMessageId(messageId, to),
      headers: { ...headers, 'X-ISF-Notice': messageId },
    });
    accepted.push(...info.accepted.map(addressOf));
  }
  return accepted;
}

const addressesOf = (roles: readonly Audience[], region: string, config: Config) => [
  ...new Set(
    resolveRecipients(roles, { region, provider: '', professions: [], contacts: {} }, config).found.flatMap(
      (f) => f.addresses,
    ),
  ),
];

const countsOf = <T extends object>(sections: T) =>
  Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, (v as unknown[]).length])) as Record<keyof T, number>;

export function createDigestActivities(deps: {
  /** The digests read every concern of a region: which from visibility, their states from the read model. */
  client: Client;
  readModel: ReadModel;
  config: () => Config;
  mail: Transporter<SMTPTransport.SentMessageInfo>;
}) {
  return {
    async sendWeeklyDigest({ region, at }: DigestInput): Promise<DigestResult> {
      const config = deps.config();
      const states = await statesOf(deps, { regions: [region] });
      const sections = digestSections(states, config, at);
      const recipients = addressesOf(DIGEST_ROLES, region, config);
      const counts = countsOf(sections);
      if (recipients.length === 0) return { region, messageId: null, recipients, counts };
      const messageId = `<weekly-digest.${region}.${at.slice(0, 10)}@${messageIdDomain(config)}>`;
      const accepted = await sendEach(
        deps.mail,
        config,
        recipients,
        messageId,
        renderDigest(region, sections, config, at),
        { 'X-ISF-Region': region, 'X-ISF-Event': 'weekly-digest' },
      );
      return { region, messageId, recipients: accepted, counts };
    },

    async sendNationalDigest({ at }: { at: string }): Promise<NationalDigestResult> {
      const config = deps.config();
      const states = await statesOf(deps);
      const sections = nationalSections(states, at);
      // National roles resolve the same in every region.
      const recipients = addressesOf(NATIONAL_DIGEST_ROLES, Object.keys(config.regions)[0] ?? '', config);
      const counts = countsOf(sections);
      if (recipients.length === 0) return { messageId: null, recipients, counts };
      const messageId = `<national-digest.${at.slice(0, 10)}@${messageIdDomain(config)}>`;
      const accepted = await sendEach(deps.mail, config, recipients, messageId, renderNationalDigest(sections, at), {
        'X-ISF-Event': 'national-digest',
      });
      return { messageId, recipients: accepted, counts };
    },
  };
}
