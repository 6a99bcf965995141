// What each notification says, to each audience ("shared as appropriate"): HEE's own people the full
// notice; the provider's executives and education leads the formal notice, with its rationale but
// without the deciders' names; learners, educators, commissioners and whoever raised the concern
// plain words (what changed and what it means for them: no rationale, names or risk score);
// regulators and partners the category, the support and the professions concerned. Plain text:
// read by people outside HEE, on any mail client.
import { CATEGORY, describeCategory, regulatorsFor, stakeholdersFor, type Category, type MessageTier } from '../policy';
import type { Notice } from '../concern/decide';
import type { Config } from '../config/schema';
import type { NoticeSubject } from './types';
import { describeRecovery } from '../concern/state-words';
import { when } from '../text/dates';

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
      return notice.decommission
        ? 'national sign-off requested: decommissioning the training posts'
        : `national sign-off requested: category ${notice.category} → ${notice.proposed}`;
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
    case 'category-confirmed':
      return `${describeCategory(notice.category)} confirmed`;
    case 'concern-closed':
      return 'concern closed';
    case 'notice-deadline':
      return `notice period ends ${day(notice.due)}`;
    case 'review-outcome':
      return `monitoring review: ${notice.outcome.replace('-', ' ')}`;
  }
}

// Mail gives the time as well as the day: a notice period ends at an hour.
const day = when;

/**
 * A decider as the message names them: by name and role to HEE's own people; by role alone in the
 * formal notice to the provider. `inRole`: written "Role (Name)" rather than "Name (role)".
 */
type Who = (name: string, role: string, inRole?: boolean) => string;

function body(notice: Notice, names: (id: string) => string, who: Who): string[] {
  switch (notice.event) {
    case 'category-changed': {
      const lines = [
        notice.from === null
          ? `A concern has been raised and provisionally given ${describeCategory(notice.category)} by ${who(notice.by, 'the regional quality team')}.`
          : `The ISF category has moved from ${describeCategory(notice.from)} to ${describeCategory(notice.category)}.`,
      ];
      if (notice.cause === 'proposed' || notice.cause === 'opened') {
        lines.push('It takes effect now and awaits confirmation by regional governance.');
      } else if (notice.cause === 'restored') {
        lines.push(
          `${who(notice.by, 'Regional governance', true)} challenged the proposed category; the last confirmed category is restored.`,
        );
      } else {
        lines.push(`${who(notice.by, 'National scrutiny', true)} signed the change off.`);
      }
      const support = CATEGORY[notice.category].support;
      if (support) lines.push(`Support: ${support}.`);
      if (notice.category === 4) lines.push('Training in this clinical learning environment is suspended.');
      if (notice.recovery)
        lines.push(
          `Recovery: ${describeRecovery(notice.recovery)}, with commitment from all partners to effect improvement.`,
        );
      if (notice.noticeWaived)
        lines.push(
          'The notice period was waived on the urgent route (patient or learner safety), as national sign-off approved.',
        );
      const dropped =
        notice.from !== null && notice.from > notice.category ? rolesLeaving(notice.from, notice.category) : [];
      if (dropped.length) lines.push(`No longer involved at this category: ${dropped.map(label).join(', ')}.`);
      lines.push('', `Rationale: ${notice.rationale}`);
      return lines;
    }
    case 'notice-of-intention':
      return [
        `Category 3 (${CATEGORY[3].name}) has been confirmed for this clinical learning environment.`,
        'Notice is given that the approval of the affected clinical learning environment as a learning environment may be withdrawn, or training suspended, if rapid and sustained directed improvements are not made.',
        ...(notice.endsAt ? [`The notice period ends on ${day(notice.endsAt)}.`] : []),
        `HEE's support: ${CATEGORY[3].support}.`,
        '',
        `Rationale: ${notice.rationale}`,
      ];
    case 'category-confirmed':
      return [
        `${who(notice.by, 'Regional governance', true)} confirmed ${describeCategory(notice.category)}: it is no longer provisional.`,
        ...(CATEGORY[notice.category].support ? [`Support: ${CATEGORY[notice.category].support}.`] : []),
        ...(notice.rationale ? ['', `Rationale: ${notice.rationale}`] : []),
      ];
    case 'concern-closed':
      return [
        `${who(notice.by, 'The regional quality team')} closed the concern at ${describeCategory(notice.category)}: it is resolved.`,
        '',
        `Rationale: ${notice.rationale}`,
      ];
    case 'notice-deadline':
      return [
        `The notice period of the notice of intention given for this clinical learning environment ends on ${day(notice.due)}.`,
        'From then category 4 (training suspended) may be proposed, if the directed improvements have not been made; or the concern may move on as the evidence shows.',
      ];
    case 'review-outcome':
      return [
        `${who(notice.by, 'The regional quality team')} recorded a monitoring review at ${describeCategory(notice.category)}: ${notice.outcome.replace('-', ' ')}.`,
        `Action plan: ${notice.plan.agreed ? 'agreed' : 'not yet agreed'}; ${notice.plan.done} of ${notice.plan.objectives} objectives done${notice.plan.overdue ? `, ${notice.plan.overdue} overdue` : ''}.`,
        '',
        `Review: ${notice.summary}`,
      ];
    case 'good-practice-shared':
      return [
        `${who(notice.by, 'The regional quality team')} recorded good practice in a clinical learning environment at ${describeCategory(notice.category)}, and shares it with the education and quality leads of ${notice.across === 'national' ? 'every provider' : "the region's providers"}:`,
        '',
        notice.summary,
      ];
    case 'plan-shared':
      return [
        `${who(notice.by, 'The regional quality team')} shares the action plan agreed with the provider on ${day(notice.agreedAt)}, at ${describeCategory(notice.category)}, with ${notice.organisations.join(', ')}.`,
        '',
        'Objectives and progress:',
        ...notice.objectives.map(objectiveLine),
      ];
    case 'decommissioned':
      return [
        `${who(notice.by, 'National scrutiny', true)} signed off the decommissioning of the training posts in this clinical learning environment.`,
        `Category 4 (${CATEGORY[4].name}) ends without reinstatement: there are no training posts left to suspend, and the concern is closed.`,
        '',
        `Rationale: ${notice.rationale}`,
      ];
    case 'sign-off-requested':
      return [
        notice.decommission
          ? `${who(names(notice.proposedBy), 'The regional quality team')} proposed ending category 4 by decommissioning the training posts; on sign-off the concern closes.`
          : `${who(names(notice.proposedBy), 'The regional quality team')} proposed moving this concern from ${describeCategory(notice.category)} to ${describeCategory(notice.proposed)}.`,
        `${who(names(notice.confirmedBy), 'Regional governance', true)} confirmed the proposal. It takes effect only after national sign-off by a national scrutiny member who took no part in it.`,
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
        `${who(notice.by, 'The regional quality team')} recorded a deteriorating monitoring review at ${describeCategory(notice.category)}.`,
        'The guide expects escalation to category 3 when insufficient progress is made at category 1 or 2: please consider proposing it.',
        '',
        `Review: ${notice.summary}`,
      ];
    case 'review-reminder':
      return [
        `The next monitoring review of this concern is due on ${day(notice.due)}.`,
        'Record it with: isf review REF --outcome improving|no-change|deteriorating --summary TEXT',
      ];
    case 'review-overdue':
      return [`The monitoring review due on ${day(notice.due)} has not been recorded.`];
    case 'response-overdue':
      return [
        `No intervention has been logged since the concern opened or its category rose; one was due by ${day(notice.due)}.`,
        'Concerns at category 2 or above are to be responded to more rapidly than those at category 1.',
      ];
    case 'plan-overdue':
      return [
        `An action plan with SMART objectives was to be agreed with the provider by ${day(notice.due)}, and has not been.`,
      ];
    case 'objective-reminder':
      return [`Action-plan ${notice.what}`, `is due on ${day(notice.due)}.`];
    case 'objective-overdue':
      return [
        `Action-plan ${notice.what}`,
        `was due on ${day(notice.due)} and is not done. The concern is marked as making insufficient progress.`,
      ];
    case 'confirmation-reminder':
      return [
        `The ${notice.what} is still awaited; it was expected by ${day(notice.due)}. Please confirm or challenge it.`,
      ];
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
function raiserUpdate(
  notice: Extract<Notice, { event: 'raiser-update' }>,
  concern: NoticeSubject,
  provider: string,
): MailContent {
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
  const meaning =
    notice.change === 'closed'
      ? []
      : [
          `This means that ${c.meaning}.`,
          ...(c.support ? [`The provider receives HEE's ${c.support.toLowerCase()}.`] : []),
        ];
  return {
    subject: `Your concern ${concern.ref}: ${notice.change === 'closed' ? 'closed' : `now category ${notice.category} (${c.name})`}`,
    text: [
      ...news,
      ...meaning,
      '',
      'You will hear from us again if this changes. Please do not reply to this address.',
    ].join('\n'),
  };
}

function rolesLeaving(from: Category, to: Category): string[] {
  const kept = new Set(stakeholdersFor(to));
  return stakeholdersFor(from).filter((r) => !kept.has(r));
}

/** What the change means, in plain words, for learners, educators, commissioners and the raiser. */
function plainWords(notice: Notice, concern: NoticeSubject, where: string): MailContent {
  const c = CATEGORY[notice.category];
  const what: Partial<Record<Notice['event'], string>> = {
    'category-changed': `The learning environment at ${where} is now in category ${notice.category} of 0 to 4: ${c.name.toLowerCase()}.`,
    'category-confirmed': `The learning environment at ${where} is confirmed in category ${notice.category} of 0 to 4: ${c.name.toLowerCase()}.`,
    'notice-of-intention': `Health Education England has told the organisation running the learning environment at ${where} that training there may be suspended if it does not improve quickly.`,
    'concern-closed': `The concern about the learning environment at ${where} has been resolved and closed.`,
    decommissioned: `The training posts at ${where} have been withdrawn, and the concern about them is closed.`,
    'review-outcome': `The learning environment at ${where} has been reviewed again; it remains in category ${notice.category} of 0 to 4: ${c.name.toLowerCase()}.`,
  };
  const meaning =
    notice.event === 'concern-closed' || notice.event === 'decommissioned'
      ? []
      : [
          `This means that ${c.meaning}.`,
          ...(c.support ? [`The organisation receives Health Education England's ${c.support.toLowerCase()}.`] : []),
        ];
  const learners =
    notice.category === 4 && notice.event !== 'concern-closed'
      ? [
          'If you train there, your training will continue somewhere safe: your training programme will contact you about where.',
        ]
      : [
          'If you train or teach there and are worried, please speak to your training programme director or the regional quality team.',
        ];
  return {
    subject: `Learning environment update: ${concern.site}`,
    text: [
      what[notice.event] ?? `There is news about the learning environment at ${where}.`,
      ...meaning,
      '',
      ...learners,
      '',
      'Please do not reply to this address.',
    ].join('\n'),
  };
}

type SharedObjective = Extract<Notice, { event: 'plan-shared' }>['objectives'][number];
const objectiveLine = (o: SharedObjective) =>
  `  ${o.id}. ${o.objective} — owner ${o.owner}, due ${day(o.due)}, measured by: ${o.measure} — ${o.done ? 'done' : o.due < new Date().toISOString() ? 'OVERDUE' : 'open'}`;

/** For regulators and partners: the category, the support and the professions concerned. */
function forRegulators(notice: Notice, concern: NoticeSubject, where: string): MailContent {
  const support = CATEGORY[concern.category].support;
  const plan =
    notice.event === 'plan-shared'
      ? [
          '',
          `The action plan agreed with the provider on ${day(notice.agreedAt)}:`,
          ...notice.objectives.map(objectiveLine),
        ]
      : [];
  return {
    subject: `[ISF ${concern.ref}] ${headline(notice)}: ${concern.site}`,
    text: [
      `${concern.ref}: ${where}`,
      '',
      `Category      ${describeCategory(concern.category)}, ${concern.categoryStatus}`,
      `Support       ${support ?? 'none (no concerns)'}`,
      `Professions   ${concern.professions.join(', ')}`,
      ...(concern.category === 4 ? ['Training      suspended in this clinical learning environment'] : []),
      ...plan,
      '',
      'This message is sent under the HEE Intensive Support Framework. Please do not reply to this address.',
    ].join('\n'),
  };
}

/** Good practice is about the practice: its summary, the provider and the site, nothing of the concern. */
function goodPracticeMail(
  notice: Extract<Notice, { event: 'good-practice-shared' }>,
  concern: NoticeSubject,
  provider: string,
): MailContent {
  return {
    subject: `[ISF] good practice to share: ${concern.site}, ${provider}`,
    text: [
      `Good practice from ${concern.site}, ${provider}, shared with the education and quality leads of ${notice.across === 'national' ? 'every provider' : "the region's providers"}:`,
      '',
      notice.summary,
      '',
      'Please do not reply to this address.',
    ].join('\n'),
  };
}

export function renderNotice(
  notice: Notice,
  concern: NoticeSubject,
  config: Config,
  tier: MessageTier = 'full',
): MailContent {
  const provider = config.providers[concern.provider]?.name ?? concern.provider;
  if (notice.event === 'raiser-update') return raiserUpdate(notice, concern, provider);
  if (notice.event === 'good-practice-shared') return goodPracticeMail(notice, concern, provider);
  const where = `${concern.site}, ${provider}`;
  if (tier === 'plain') return plainWords(notice, concern, where);
  if (tier === 'regulator') return forRegulators(notice, concern, where);
  const region = config.regions[concern.region]?.name ?? concern.region;
  const names = (id: string) => config.users.find((u) => u.id === id)?.name ?? id;
  const who: Who =
    tier === 'full'
      ? (name, role, inRole) => (inRole ? `${role} (${name})` : `${name} (${role.toLowerCase()})`)
      : (_name, role) => role;
  const regulators = regulatorsFor(concern.professions);
  const text = [
    `${concern.ref}: ${concern.title}`,
    `${concern.site}, ${provider} (${region})`,
    '',
    ...body(notice, names, who),
    '',
    `Category      ${describeCategory(concern.category)}, ${concern.categoryStatus}`,
    `Risk          likelihood ${concern.risk.likelihood} × impact ${concern.risk.impact} = ${concern.risk.score}`,
    `Learners      ${concern.learners} (${concern.professions.join(', ')}${regulators.length ? `; regulated by ${regulators.join(', ')}` : '; no statutory regulator'})`,
    ...(tier === 'full' ? [`Sent to       ${notice.roles.map(label).join(', ')}`] : []),
    '',
    'This message is sent under the HEE Intensive Support Framework. Please do not reply to this address.',
  ].join('\n');
  return { subject: `[ISF ${concern.ref}] ${headline(notice)}: ${concern.site}, ${provider}`, text };
}
