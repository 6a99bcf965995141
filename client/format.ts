// Output for people: short and aligned. (Programs use --json, which prints the state as it is.)
import { table } from '../text/table';
import { when } from '../text/dates';
import { describeEntry } from '../text/history';
import { CATEGORY, describeCategory, describeEvidence, regulatorsFor, type Category } from '../policy';
import { describeRecovery, outcomeOf } from '../concern/state-words';
import type { ConcernState } from '../concern/state';
import { deadlinesOf } from '../concern/clocks';
import type { Policy } from '../config/settings';
import type { AppliedSchedules } from '../ops/schedules';
import type { AgendaItem } from '../api/schemas';
import type { ConcernListing } from './concerns';
import type { InboxItem } from './inbox';
import type { RegisterRow } from '../api/schemas';
import type { SharedGoodPractice } from '../reports/pack';
import type { Verification } from './verify';
import type { HealthCheck } from './health';

export { table } from '../text/table';
export { when } from '../text/dates';

function category(c: Category): string {
  return `${c} (${CATEGORY[c].name})`;
}

function clip(text: string | null, max = 60): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "in 3 days", "2 days ago": how far a date is from now. */
export function relative(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const [n, unit] =
    abs >= 86_400_000
      ? [Math.round(abs / 86_400_000), 'day']
      : abs >= 3_600_000
        ? [Math.round(abs / 3_600_000), 'hour']
        : abs >= 60_000
          ? [Math.round(abs / 60_000), 'minute']
          : [Math.round(abs / 1000), 'second'];
  const span = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return ms >= 0 ? `in ${span}` : `${span} ago`;
}

function clocks(s: ConcernState, policy: Policy, digest: string | null): string[][] {
  const rows = deadlinesOf(s, policy).map((d) => [
    d.what,
    when(d.due),
    Date.parse(d.due) <= Date.now() ? `OVERDUE ${relative(d.due)}` : relative(d.due),
  ]);
  for (const o of s.objectives.filter((o) => o.done))
    rows.push([`objective ${o.id}: ${o.objective}`, 'done', when(o.completion!.at)]);
  if (digest) rows.push([`weekly digest (${s.region})`, when(digest), relative(digest)]);
  return rows;
}

export function formatState(s: ConcernState, policy?: Policy, digest: string | null = null): string {
  const regs = s.registers.national ? 'on the regional and national risk registers' : 'not on the risk registers';
  const regulators = regulatorsFor(s.professions);
  const lines: [string, string][] = [
    [s.ref, s.title],
    ['Site', s.site],
    ['Provider', `${s.provider} (${s.region})`],
    [
      'Learners',
      `${s.learners} · ${s.professions.join(', ')} · ${regulators.length ? `regulator ${regulators.join(', ')}` : 'no statutory regulator: nobody is mailed as regulator'}`,
    ],
    ['Category', `${category(s.category)} · ${s.categoryStatus} since ${when(s.categorySince)}`],
  ];
  const support = CATEGORY[s.category].support;
  if (support) lines.push(['Support', support]);
  if (s.category >= 3 && s.recovery)
    lines.push([
      'Recovery',
      `${describeRecovery(s.recovery)} (agreed ${when(s.recovery.agreedAt)} by ${s.recovery.agreedBy})`,
    ]);
  if (s.noticeOfIntention)
    lines.push([
      'Notice',
      `of intention given ${when(s.noticeOfIntention.givenAt)}; its notice period ends ${when(s.noticeOfIntention.endsAt)}`,
    ]);
  if (s.withheld?.length) {
    const active = s.category <= 1;
    lines.push([
      'Held back',
      s.withheld
        .map(
          (w) =>
            `${w.role}: ${clip(w.reason, 60)} (${w.by}, ${when(w.at)})${active ? '' : ' · not now: every role is told from category 2'}`,
        )
        .join('\n'),
    ]);
  }
  if (s.pending) {
    const p = s.pending;
    const by = [`proposed by ${p.proposedBy}`, p.confirmedBy ? `confirmed by ${p.confirmedBy}` : '']
      .filter(Boolean)
      .join(', ');
    lines.push([
      'Pending',
      `${p.decommission ? 'decommissioning the training posts' : `category ${p.category}`}, ${p.stage} · ${by}${p.waiveNotice ? ' · notice period waived (urgent route)' : ''}`,
    ]);
    if (p.evidence?.length) lines.push(['Evidence', p.evidence.map((e) => clip(describeEvidence(e), 100)).join('\n')]);
  }
  lines.push(['Risk', `likelihood ${s.risk.likelihood} × impact ${s.risk.impact} = ${s.risk.score} · ${regs}`]);
  if (s.ratingCategoryMismatch)
    lines.push(['', `rated ${s.risk.score} at category ${s.category}: check the rating or the category`]);
  if (s.trainingSuspended) {
    lines.push([
      'Training',
      `suspended${s.suspensionPolicyInvoked ? ' · Suspension of Postgraduate Medical Training policy invoked' : ''}`,
    ]);
  }
  lines.push(['Stage', s.closedAt ? `closed ${when(s.closedAt)} · ${outcomeOf(s)}` : s.stage]);
  if (s.insufficientProgress)
    lines.push(['Progress', 'insufficient: an objective passed its date undone (consider escalation to category 3)']);
  if (s.objectives.length || s.planAgreed) {
    const objectives = s.objectives.map(
      (o) =>
        `${o.id}. ${clip(o.objective, 50)} · ${o.owner} · ${o.done ? 'done' : `due ${when(o.due)}`}${o.answers ? ` · answers intervention ${o.answers}` : ''}`,
    );
    lines.push([
      'Action plan',
      [
        s.planAgreed
          ? `agreed ${when(s.planAgreedAt!)}${s.planAgreedBy ? ` with ${s.planAgreedBy}` : ''}`
          : 'not agreed yet',
        ...objectives,
      ].join('\n'),
    ]);
  }
  if (s.planShares?.length)
    lines.push(['Plan shared', s.planShares.map((p) => `${when(p.at)} with ${p.with.join(', ')}`).join('\n')]);
  if (s.goodPractice?.length) {
    lines.push([
      'Good practice',
      s.goodPractice
        .map((g) => `${when(g.at)} ${clip(g.summary, 70)} (${g.share ? `shared: ${g.share}` : 'not shared'})`)
        .join('\n'),
    ]);
  }
  if (s.undeliverable.length) {
    lines.push(['Undeliverable', s.undeliverable.map((u) => `${u.role} (${u.event}): ${u.reason}`).join('\n')]);
  }
  const decisions = s.audit.map((a) => [
    when(a.at),
    a.actor,
    clip(describeEntry(a, s), 90),
    clip(a.rationale),
    a.evidence ? `evidence: ${a.evidence.map((e) => e.kind).join(', ')}` : '',
  ]);
  const mail = s.notifications.map((n) => [
    when(n.at),
    n.event,
    `category ${n.category}`,
    `${n.recipients.length} recipient${n.recipients.length === 1 ? '' : 's'}${n.withheld?.length ? `, held back: ${n.withheld.join(', ')}` : ''}`,
    n.messageId ?? 'not sent',
  ]);
  const due = policy ? clocks(s, policy, digest) : [];
  return [
    table(lines.map(([k, v]) => [k, v])),
    ...(due.length ? ['', 'Clocks', indent(table(due))] : []),
    '',
    'Decisions',
    indent(table(decisions)),
    ...(mail.length ? ['', 'Notifications', indent(table(mail))] : []),
  ].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

const PENDING_WORDS = {
  'awaiting-governance': 'awaits regional governance confirmation',
  'awaiting-national-sign-off': 'awaits national sign-off',
} as const;

/** One line after a decision: where the concern now stands. */
export function formatOutcome(s: ConcernState): string {
  const parts = [`${s.ref}: ${describeCategory(s.category)}, ${s.categoryStatus}`];
  parts.push(`risk ${s.risk.score}${s.registers.national ? ', on the national risk register' : ''}`);
  if (s.trainingSuspended) parts.push('training suspended');
  if (s.pending) {
    const what = s.pending.decommission
      ? 'decommissioning'
      : s.pending.category === s.category
        ? 'this category'
        : `category ${s.pending.category}`;
    parts.push(`${what} ${PENDING_WORDS[s.pending.stage]}`);
  }
  if (s.stage === 'closed') parts.push(`closed: ${outcomeOf(s)}`);
  return parts.join(' · ');
}

export function formatList(rows: ConcernListing[]): string {
  if (rows.length === 0) return 'no concerns match';
  return table(
    rows.map((r) => [
      r.ref,
      String(r.category),
      String(r.riskScore),
      r.nationalRegister ? 'yes' : '',
      r.closed ? 'closed' : r.stage,
      r.region,
      r.provider,
      clip(r.site, 30),
      clip(r.title, 40),
    ]),
    ['REF', 'CAT', 'RISK', 'REGISTER', 'STAGE', 'REGION', 'PROVIDER', 'SITE', 'TITLE'],
  );
}

export function formatAgenda(items: AgendaItem[]): string {
  if (items.length === 0) return 'nothing falls due';
  return table(
    items.map((a) => [
      when(a.due),
      a.overdue ? 'OVERDUE' : relative(a.due),
      a.ref,
      a.region,
      clip(a.what, 50),
      clip(a.site, 30),
    ]),
    ['DUE', '', 'REF', 'REGION', 'WHAT', 'SITE'],
  );
}

export function formatInbox(items: InboxItem[]): string {
  if (items.length === 0) return 'nothing waits on you';
  return table(
    items.map((i) => [
      i.due ? when(i.due) : '',
      i.overdue ? 'OVERDUE' : i.due ? relative(i.due) : '',
      i.ref,
      i.task,
      clip(i.what, 70),
    ]),
    ['DUE', '', 'REF', 'TASK', 'WHAT'],
  );
}

export function formatSchedules(applied: AppliedSchedules): string {
  const rows = [
    ...applied.created.map((id) => ['created', id]),
    ...applied.updated.map((id) => ['updated', id]),
    ...applied.removed.map((id) => ['removed', id]),
  ];
  return rows.length ? table(rows) : 'no regions configured';
}

export function formatRegister(rows: RegisterRow[], level: string, at?: string): string {
  if (rows.length === 0)
    return at ? `the ${level} risk register was empty at the end of ${at}` : `the ${level} risk register is empty`;
  const date = (iso: string | null) => (iso ? when(iso).replace(/,.*$/, '') : '');
  const heading = at ? `the ${level} risk register at the end of ${at}\n` : '';
  return (
    heading +
    table(
      rows.map((r) => [
        r.ref,
        r.region,
        r.provider,
        clip(r.site, 30),
        `${r.category}${r.categoryStatus === 'provisional' ? ' (prov.)' : ''}`,
        `${r.riskScore} ${r.riskBand}`,
        r.stage,
        `${date(r.categorySince)} (${r.daysSinceCategory ?? '?'}d)`,
        `${date(r.nextReviewDue)}${r.reviewOverdue ? ' OVERDUE' : ''}`,
        r.overdueObjectives ? String(r.overdueObjectives) : '',
        r.leadAgency ?? '',
      ]),
      [
        'REF',
        'REGION',
        'PROVIDER',
        'SITE',
        'CAT',
        'RISK',
        'STAGE',
        'CATEGORY SINCE',
        'NEXT REVIEW',
        'OBJ. OVERDUE',
        'LEAD AGENCY',
      ],
    )
  );
}

export function formatVerification(v: Verification): string {
  const mark = { verified: 'ok', unsigned: 'unsigned', failed: 'FAIL' } as const;
  const rows = table(
    v.decisions.map((d) => [String(d.number), mark[d.status], when(d.at), d.actor, d.action, d.reason ?? '']),
  );
  const n = v.decisions.length;
  const summary = v.failed.length
    ? `entries ${v.failed.join(', ')} of ${n} do not verify`
    : v.state
      ? `every entry verifies, but the state does not match its trail: ${v.state}`
      : `all ${n} entries verify${v.unsigned.length ? ` (${v.unsigned.length} unsigned, recorded when signatures were not required)` : ''}; the chain is whole`;
  return `${rows}\n\n${summary}`;
}

export function formatHealth(checks: HealthCheck[]): string {
  return table(checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.name, c.detail]));
}

export function formatGoodPractice(items: SharedGoodPractice[]): string {
  if (items.length === 0) return 'no good practice recorded';
  return table(
    items.map((g) => [
      when(g.at),
      g.ref,
      `${g.provider} (${g.region})`,
      `category ${g.category}`,
      g.share ?? 'not shared',
      clip(g.summary, 70),
    ]),
    ['Date', 'Ref', 'Provider', 'At', 'Shared', 'Good practice'],
  );
}
