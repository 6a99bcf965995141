// Concerns and contexts shared by the tests.
import { loadConfig, snapshotOf } from '../../config/load';
import type { DecisionContext } from '../../concern/decide';
import type { OpeningInput } from '../../concern/inputs';
import type { Outcome } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';

export const exampleConfig = loadConfig();
export const exampleSnapshot = snapshotOf(exampleConfig);

let refs = 0;
/** A ref no other test uses, so tests sharing a server never collide. */
export function freshRef(prefix = 'T'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++refs}`;
}

export function opening(overrides: Partial<OpeningInput> = {}): OpeningInput {
  return {
    actor: 'ana.quality',
    ref: freshRef(),
    title: 'Foundation doctors unsupervised on night shifts',
    region: 'london',
    provider: 'barts',
    site: 'Royal London Hospital, Emergency Department',
    professions: ['medical-postgraduate', 'nursing'],
    learners: 14,
    sources: ['learner-survey', 'complaint'],
    likelihood: 3,
    impact: 3,
    category: 2,
    rationale: 'Survey red flags for supervision out of hours; two complaints from F1 doctors',
    ...overrides,
  };
}

/** Pure-rule tests decide unsigned; signing has tests of its own. */
export function context(now = '2026-11-25T09:00:00.000Z'): DecisionContext {
  return {
    now,
    directory: exampleSnapshot.directory,
    policy: exampleSnapshot.policy,
    security: { ...exampleSnapshot.security, requireSignedDecisions: false },
  };
}

/** Evidence that carries any move, category 4 included: two items of different kinds (triangulated). */
export const TRIANGULATED = [
  { kind: 'learner-survey' as const, text: 'NTS 2026: red flags for clinical supervision out of hours' },
  { kind: 'clinical-opinion' as const, text: 'Deanery clinical lead after the visit' },
];

/** What an approval of category 4 agrees: who leads the recovery and who owns it. */
export const RECOVERY = { leadAgency: 'NHS England London', owner: 'dme@barts.example.org' };

/** The state a decision led to; a refusal fails the test with its reason. */
export function accepted(outcome: Outcome): ConcernState {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome.state;
}

/** The reason a decision was refused; an acceptance fails the test. */
export function refusal(outcome: Outcome): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

/** Category 4 on the urgent route (patient or learner safety): the notice period waived… */
export const URGENT = { waiveNotice: true } as const;
/** …and the waiver approved, explicitly, at national sign-off. */
export const WAIVER = { approveWaiver: true } as const;

/** Evidence that carries a move out of category 4: triangulated, with the feedback the guide asks for. */
export const FEEDBACK = [
  { kind: 'consultant-feedback' as const, text: 'Consultant body: supervision out of hours now reliable' },
  { kind: 'learner-feedback' as const, text: 'Trainee forum: night shifts safe since the new rota' },
];
