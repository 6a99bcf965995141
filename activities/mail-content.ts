// What each notification says. Plain text: read by people outside HEE, on any mail client.
import { CATEGORY, describeCategory, regulatorsFor, stakeholdersFor, type Category } from '../policy';
import type { Notice } from '../concern/decide';
import type { Config } from '../config/schema';
import type { NoticeSubject } from './types';
import { describeRecovery } from '../concern/state';

export interface MailContent {
  subject: string;
  text: string;
}

function label(role: string): string {
  return role.replace(/-/g, ' ');
}

function headline(notice: Notice): string {
  switch (notice.event) {
    case 'category-changed': {
      const status = notice.status === 'provisional' ? ', provisional' : '';
      if (notice.cause === 'opened') return `new concern at ${describeCategory(notice.category)}${status}`;
      if (notice.cause === 'restored') return `${describeCategory(notice.category)} restored`;
      return `now ${describeCategory(notice.category)}${status}`;
    }
    case 'notice-of-intention':
      return 'notice of intention to suspend training';
    case 'sign-off-requested':
      return notice.decommission ? 'national sign-off requested: decommissioning the training posts' : `national sign-off requested: category ${notice.category} → ${notice.proposed}`;
    case 'decommissioned':
      return 'training posts decommissioned: concern closed';
    case 'good-practice-shared':
      return `good practice to share (${notice.across === 'national' ? 'nationally' : 'in the region'})`;
    case 'plan-shared':
      return 'agreed action plan shared with you';
    case 'register-change':
      return notice.entered ? 'added to the national risk register' : 'removed from the national risk register';
    case 'undeliverable':
      return `a ${notice.about} notification could not be delivered`;
    case 'escalation-advised':
      return 'deteriorating review: consider escalation to category 3';
    case 'review-reminder':
      return `monitoring review due ${day(notice.due)}`;
    case 'review-overdue':
      return `monitoring review overdue since ${day(notice.due)}`;
    case 'response-overdue':
      return `no intervention logged by ${day(notice.due)}`;
    case 'plan-overdue':
      return `no action plan agreed by ${day(notice.due)}`;
    case 'objective-reminder':
      return `${notice.what.split(':')[0]} due ${day(notice.due)}`;
    case 'objective-overdue':
      return `${notice.what.split(':')[0]} overdue since ${day(notice.due)}`;
    case 'confirmation-reminder':
      return 'provisional category awaits regional governance';
    case 'sign-off-reminder':
      return 'national sign-off still awaited';
    case 'raiser-update':
      return 'an update on the concern you raised';
  }
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
function day(iso: string): string {
  return DAY.format(new Date(iso));
}

function body(notice: Notice, names: (id: string) => string): string[] {
  switch (notice.event) {
    case 'category-changed': {
      const lines = [
        notice.from === null
          ? `A concern has been raised and provisionally given ${describeCategory(notice.category)} by ${notice.by}.`
          : `The ISF category has moved from ${describeCategory(notice.from)} to ${describeCategory(notice.category)}.`,
      ];
      if (notice.cause === 'proposed' || notice.cause === 'opened') {
        lines.push('It takes effect now and awaits confirmation by regional governance.');
      } else if (notice.cause === 'restored') {
        lines.push(`Regional governance (${notice.by}) challenged the proposed category; the last confirmed category is restored.`);
      } else {
        lines.push(`National scrutiny (${notice.by}) signed the change off.`);
      }
      const support = CATEGORY[notice.category].support;
      if (support) lines.push(`Support: ${support}.`);
      if (notice.category === 4) lines.push('Training in this clinical learning environment is suspended.');
      if (notice.recovery) lines.push(`Recovery: ${describeRecovery(notice.recovery)}, with commitment from all partners to effect improvement.`);
      const dropped = notice.from !== null && notice.from > notice.category ? rolesLeaving(notice.from, notice.category) : [];
      if (dropped.length) lines.push(`No longer involved at this category: ${dropped.map(label).join(', ')}.`);
      lines.push('', `Rationale: ${notice.rationale}`);
      return lines;
    }
    case 'notice-of-intention':
      return [
        `Category 3 (${CATEGORY[3].name}) has been confirmed for this clinical learning environment.`,
        'Notice is given that training in the affected clinical learning environment will be suspended if rapid and sustained directed improvements are not made.',
        `HEE's support: ${CATEGORY[3].support}.`,
        '',
        `Rationale: ${notice.rationale}`,
      ];
    case 'good-practice-shared':
      return [
        `${notice.by} (regional quality team) recorded good practice in a clinical learning environment at ${describeCategory(notice.category)}, and shares it with the education and quality leads of ${notice.across === 'national' ? 'every provider' : "the region's providers"}:`,
        '',
        notice.summary,
      ];
    case 'plan-shared':
      return [
        `${notice.by} (regional quality team) shares the action plan agreed with the provider on ${day(notice.agreedAt)}, at ${describeCategory(notice.category)}, with ${notice.organisations.join(', ')}.`,
        '',
        'Objectives and progress:',
        ...notice.objectives.map((o) => `  ${o.id}. ${o.objective} — owner ${o.owner}, due ${day(o.due)}, measured by: ${o.measure} — ${o.done ? 'done' : o.due < new Date().toISOString() ? 'OVERDUE' : 'open'}`),
      ];
    case 'decommissioned':
      return [
        `National scrutiny (${notice.by}) signed off the decommissioning of the training posts in this clinical learning environment.`,
        `Category 4 (${CATEGORY[4].name}) ends without reinstatement: there are no training posts left to suspend, and the concern is closed.`,
        '',
        `Rationale: ${notice.rationale}`,
      ];
    case 'sign-off-requested':
      return [
        notice.decommission
          ? `${names(notice.proposedBy)} proposed ending category 4 by decommissioning the training posts; on sign-off the concern closes.`
          : `${names(notice.proposedBy)} proposed moving this concern from ${describeCategory(notice.category)} to ${describeCategory(notice.proposed)}.`,
        `Regional governance (${names(notice.confirmedBy)}) confirmed the proposal. It takes effect only after national sign-off by a national scrutiny member who took no part in it.`,
        '',
        `Rationale: ${notice.rationale}`,
      ];
    case 'register-change':
      return [
        notice.entered
          ? `The concern is now on the regional and national risk registers (risk score ${notice.score}, ${describeCategory(notice.category)}).`
          : `The concern has left the regional and national risk registers (risk score ${notice.score}, ${describeCategory(notice.category)}).`,
      ];
    case 'undeliverable':
      return [
        `A ${notice.about} notification for this concern did not reach everyone who must be told:`,
        ...notice.failures.map((f) => `  - ${label(f.role)}${f.recipient ? ` <${f.recipient}>` : ''}: ${f.reason}`),
        '',
        'Please add or correct the addresses in the ISF configuration, or tell these people directly.',
      ];
    case 'escalation-advised':
      return [
        `${notice.by} recorded a deteriorating monitoring review at ${describeCategory(notice.category)}.`,
        'The guide expects escalation to category 3 when insufficient progress is made at category 1 or 2: please consider proposing it.',
        '',
        `Review: ${notice.summary}`,
      ];
    case 'review-reminder':
      return [`The next monitoring review of this concern is due on ${day(notice.due)}.`, 'Record it with: isf review REF --outcome improving|no-change|deteriorating --summary TEXT'];
    case 'review-overdue':
      return [`The monitoring review due on ${day(notice.due)} has not been recorded.`];
    case 'response-overdue':
      return [`No intervention has been logged since the concern opened or its category rose; one was due by ${day(notice.due)}.`, 'Concerns at category 2 or above are to be responded to more rapidly than those at category 1.'];
    case 'plan-overdue':
      return [`An action plan with SMART objectives was to be agreed with the provider by ${day(notice.due)}, and has not been.`];
    case 'objective-reminder':
      return [`Action-plan ${notice.what}`, `is due on ${day(notice.due)}.`];
    case 'objective-overdue':
      return [`Action-plan ${notice.what}`, `was due on ${day(notice.due)} and is not done. The concern is marked as making insufficient progress.`];
    case 'confirmation-reminder':
      return [`The ${notice.what} is still awaited; it was expected by ${day(notice.due)}. Please confirm or challenge it.`];
    case 'sign-off-reminder':
      return [`The ${notice.what} is still awaited; it was expected by ${day(notice.due)}.`];
    case 'raiser-update':
      return [];
  }
}

/**
 * Whoever raised the concern is told in plain words what is happening, and nothing more: no
 * internal rationale, no names, no risk scores.
 */
function raiserUpdate(notice: Extract<Notice, { event: 'raiser-update' }>, concern: NoticeSubject, provider: string): MailContent {
  const c = CATEGORY[notice.category];
  const where = `${concern.site} (${provider})`;
  const news = {
    categorised: [
      `Thank you for raising a concern about the learning environment at ${where}.`,
      `It has been recorded with the reference ${concern.ref}, and the regional quality team is looking into it under the Intensive Support Framework.`,
      '',
      `It has been placed in category ${notice.category} of 0 to 4: ${c.name.toLowerCase()}.`,
    ],
    'category-changed': [
      `There is news of the concern you raised about ${where} (reference ${concern.ref}).`,
      '',
      `It is now in category ${notice.category} of 0 to 4: ${c.name.toLowerCase()}.`,
    ],
    closed: [
      `The concern you raised about ${where} (reference ${concern.ref}) has now been closed.`,
      '',
      `It was closed at category ${notice.category} of 0 to 4: ${c.name.toLowerCase()}.`,
    ],
  }[notice.change];
  const meaning = notice.change === 'closed' ? [] : [`This means that ${c.meaning}.`, ...(c.support ? [`The provider receives HEE's ${c.support.toLowerCase()}.`] : [])];
  return {
    subject: `Your concern ${concern.ref}: ${notice.change === 'closed' ? 'closed' : `now category ${notice.category} (${c.name})`}`,
    text: [...news, ...meaning, '', 'You will hear from us again if this changes. Please do not reply to this address.'].join('\n'),
  };
}

function rolesLeaving(from: Category, to: Category): string[] {
  const kept = new Set(stakeholdersFor(to));
  return stakeholdersFor(from).filter((r) => !kept.has(r));
}

export function renderNotice(notice: Notice, concern: NoticeSubject, config: Config): MailContent {
  const provider = config.providers[concern.provider]?.name ?? concern.provider;
  if (notice.event === 'raiser-update') return raiserUpdate(notice, concern, provider);
  const region = config.regions[concern.region]?.name ?? concern.region;
  const names = (id: string) => config.users.find((u) => u.id === id)?.name ?? id;
  const regulators = regulatorsFor(concern.professions);
  const text = [
    `${concern.ref}: ${concern.title}`,
    `${concern.site}, ${provider} (${region})`,
    '',
    ...body(notice, names),
    '',
    `Category      ${describeCategory(concern.category)}, ${concern.categoryStatus}`,
    `Risk          likelihood ${concern.risk.likelihood} × impact ${concern.risk.impact} = ${concern.risk.score}`,
    `Learners      ${concern.learners} (${concern.professions.join(', ')}${regulators.length ? `; regulated by ${regulators.join(', ')}` : ''})`,
    `Sent to       ${notice.roles.map(label).join(', ')}`,
    '',
    'This message is sent under the HEE Intensive Support Framework. Please do not reply to this address.',
  ].join('\n');
  return { subject: `[ISF ${concern.ref}] ${headline(notice)}: ${concern.site}, ${provider}`, text };
}
