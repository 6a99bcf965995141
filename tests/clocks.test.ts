// Every clock on the time-skipping test server: it fires when due, a change re-plans it, and it
// does not fire once its reason is gone. "Did not fire" is always checked after a later clock of
// the same concern has fired, so the test knows time has passed the stale one.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { CliError } from '../client/errors';
import type { ConcernState } from '../concern/state';
import { FEEDBACK, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from './support/fixtures';
import { UNSIGNED, startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';

let stack: TestStack;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('time-skipping test server', bundle, { security: UNSIGNED });
});
afterAll(() => stack?.stop());

const ana = { actor: 'ana.quality' };
const sleep = (duration: string) => stack.env.sleep(duration);
const mails = (ref: string, event: string) => stack.inbox.for(ref, event);
const waitFor = (ref: string, event: string, count = 1) => stack.inbox.waitFor(ref, event, count);
/** A date `days` after the concern opened, on the test server's clock (which has moved on from the real one). */
const daysAfter = (state: ConcernState, days: number) =>
  new Date(Date.parse(state.openedAt) + days * 86_400_000).toISOString();

async function open(overrides: Partial<ReturnType<typeof opening>> = {}, confirm = true): Promise<ConcernState> {
  const o = opening(overrides);
  const state = await stack.concerns.open(o);
  return confirm
    ? stack.concerns.decide(o.ref, 'confirm', { actor: 'ben.governance', ...(o.category === 3 ? RECOVERY : {}) })
    : state;
}

it('reminds of a review a week before it is due and sends an overdue notice a week after; a recorded review re-plans both', async () => {
  const { ref, nextReviewDue } = await open();
  await sleep('24 days');
  const [reminder] = await waitFor(ref, 'review-reminder');
  expect(reminder.recipients.sort()).toEqual([
    'ana.quality@example.nhs.uk',
    'hana.hoq@example.nhs.uk',
    'heads-of-school.london@example.nhs.uk',
  ]);
  expect(reminder.subject).toContain('monitoring review due');

  const reviewed = await stack.concerns.decide(ref, 'review', {
    ...ana,
    outcome: 'no-change',
    summary: 'Visited; rota unchanged',
  });
  expect(Date.parse(reviewed.nextReviewDue!) - Date.parse(nextReviewDue!)).toBeGreaterThan(20 * 86_400_000);

  await sleep('24 days'); // day 48: past the old overdue notice (day 37) and the new reminder (day 47)
  await waitFor(ref, 'review-reminder', 2);
  expect(mails(ref, 'review-overdue')).toHaveLength(0);

  await sleep('14 days'); // day 62: a week past the new due date (day 54)
  const [overdue] = await waitFor(ref, 'review-overdue');
  expect(overdue.recipients).toContain('head-of-quality.london@example.nhs.uk');
});

it('sends a response-overdue notice when no intervention is logged in time, and none once one is', async () => {
  const late = await open();
  const prompt = await open();
  await stack.concerns.decide(prompt.ref, 'intervene', {
    ...ana,
    kind: 'urgent-risk-review',
    summary: 'Met the DME and the ED leads',
  });
  expect((await stack.concerns.show(prompt.ref)).respondBy).toBeNull();
  await sleep('8 days');
  const [overdue] = await waitFor(late.ref, 'response-overdue');
  expect(overdue.recipients).toEqual(['head-of-quality.london@example.nhs.uk']);
  await sleep('16 days');
  await waitFor(prompt.ref, 'review-reminder');
  expect(mails(prompt.ref, 'response-overdue')).toHaveLength(0);
});

it("reminds an objective's owner, marks insufficient progress when it passes undone, and chases an unagreed plan", async () => {
  const planless = await open();
  const planned = await open();
  const objective = { ...ana, measure: 'No unfilled night shifts for four weeks', owner: 'dme@barts.example.org' };
  await stack.concerns.decide(planned.ref, 'plan-add', {
    ...objective,
    objective: 'Fill the night rota',
    due: daysAfter(planned, 20),
  });
  await stack.concerns.decide(planned.ref, 'plan-add', {
    ...objective,
    objective: 'Induct the new registrars',
    due: daysAfter(planned, 20),
    owner: 'education@barts.example.org',
  });
  await stack.concerns.decide(planned.ref, 'plan-agree', {
    ...ana,
    agreedBy: 'Dr Dee Emm, Director of Medical Education',
  });
  await stack.concerns.decide(planned.ref, 'plan-done', { ...ana, objective: 2, evidence: 'Induction log signed' });

  await sleep('14 days');
  const [reminder] = await waitFor(planned.ref, 'objective-reminder');
  expect(reminder.recipients).toEqual(['dme@barts.example.org']);
  expect(reminder.text).toContain('objective 1: Fill the night rota');
  await sleep('7 days');
  const [overdue] = await waitFor(planned.ref, 'objective-overdue');
  expect(overdue.recipients.sort()).toEqual(['dme@barts.example.org', 'head-of-quality.london@example.nhs.uk']);
  expect(await stack.concerns.show(planned.ref)).toMatchObject({ insufficientProgress: true, planAgreed: true });
  expect(mails(planned.ref, 'objective-reminder')).toHaveLength(1); // objective 2 was done in time

  await sleep('8 days');
  const [chase] = await waitFor(planless.ref, 'plan-overdue');
  expect(chase.recipients.sort()).toEqual([
    'ana.quality@example.nhs.uk',
    'hana.hoq@example.nhs.uk',
    'head-of-quality.london@example.nhs.uk',
  ]);
  expect(mails(planned.ref, 'plan-overdue')).toHaveLength(0);
});

it('reminds regional governance of an unconfirmed category, and national scrutiny of a pending sign-off', async () => {
  const unconfirmed = await open({}, false);
  const confirmed = await open();
  const toFour = await open({ category: 3 });
  const decided = await open({ category: 3 });
  for (const { ref } of [toFour, decided]) {
    await stack.concerns.decide(ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'Unsafe',
    });
    await stack.concerns.decide(ref, 'confirm', { actor: 'ben.governance' });
  }
  await stack.concerns.decide(decided.ref, 'sign-off', {
    actor: 'nia.national',
    approve: false,
    rationale: 'Improvement seen',
  });

  await sleep('15 days');
  const [signOff] = await waitFor(toFour.ref, 'sign-off-reminder');
  expect(signOff.recipients.sort()).toEqual(['nia.national@example.nhs.uk', 'noah.national@example.nhs.uk']);
  expect(mails(decided.ref, 'sign-off-reminder')).toHaveLength(0);
  await sleep('16 days');
  const [confirmation] = await waitFor(unconfirmed.ref, 'confirmation-reminder');
  expect(confirmation.recipients.sort()).toEqual(['ben.governance@example.nhs.uk', 'hana.hoq@example.nhs.uk']);
  expect(mails(confirmed.ref, 'confirmation-reminder')).toHaveLength(0);
});

it('advises escalation on a deteriorating review at category 2', async () => {
  const { ref } = await open();
  await stack.concerns.decide(ref, 'review', {
    ...ana,
    outcome: 'deteriorating',
    summary: 'Two more serious incidents',
  });
  const [advice] = await waitFor(ref, 'escalation-advised');
  expect(advice.recipients).toEqual(['head-of-quality.london@example.nhs.uk']);
  expect(advice.text).toContain('Two more serious incidents');
});

it('leaves category 4 only after enough improving reviews with evidence, sustained over 90 days and with feedback among the evidence', async () => {
  const { ref } = await open({ category: 3 });
  await stack.concerns.decide(ref, 'propose', {
    evidence: TRIANGULATED,
    ...ana,
    category: 4,
    ...URGENT,
    rationale: 'Unsafe',
  });
  await stack.concerns.decide(ref, 'confirm', { actor: 'ben.governance' });
  await stack.concerns.decide(ref, 'sign-off', {
    ...WAIVER,
    actor: 'nia.national',
    approve: true,
    rationale: 'Agreed',
  });
  const propose = (
    evidence: {
      kind: (typeof FEEDBACK)[number]['kind'] | (typeof TRIANGULATED)[number]['kind'];
      text: string;
    }[] = FEEDBACK,
  ) => stack.concerns.decide(ref, 'propose', { evidence, ...ana, category: 3, rationale: 'Sustained improvement' });

  await expect(propose()).rejects.toThrow(
    new CliError(
      1,
      'category: leaving category 4 needs the last 2 reviews since training was suspended to be improving, each with evidence; 2 more are needed',
    ),
  );
  await sleep('14 days');
  await stack.concerns.decide(ref, 'review', {
    ...ana,
    outcome: 'improving',
    summary: 'Better',
    evidence: ['Consultant feedback'],
  });
  await expect(propose()).rejects.toThrow(/1 more is needed/);
  await stack.concerns.decide(ref, 'review', { ...ana, outcome: 'improving', summary: 'No evidence yet' });
  await expect(propose()).rejects.toThrow(/2 more are needed/);
  const first = await stack.concerns.decide(ref, 'review', {
    ...ana,
    outcome: 'improving',
    summary: 'Better',
    evidence: ['Trainee survey'],
  });
  await stack.concerns.decide(ref, 'review', {
    ...ana,
    outcome: 'improving',
    summary: 'Better still',
    evidence: ['Non-training grade feedback'],
  });
  // Two improving reviews on one day are not improvement sustained over time.
  const firstDay = first.reviews.at(-1)!.at.slice(0, 10);
  const from = new Date(Date.parse(first.reviews.at(-1)!.at) + 90 * 86_400_000).toISOString().slice(0, 10);
  await expect(propose()).rejects.toThrow(
    new CliError(
      1,
      `category: leaving category 4 needs improvement sustained over 90 days (policy.sustainedImprovementFor): the improving reviews run from ${firstDay}, so it can be proposed from ${from}`,
    ),
  );
  await sleep('91 days');
  await expect(propose(TRIANGULATED)).rejects.toThrow(
    new CliError(
      1,
      'evidence: leaving category 4 needs feedback from consultants, other staff or learners among the evidence (consultant-feedback, staff-feedback, learner-feedback)',
    ),
  );
  expect(await propose()).toMatchObject({ category: 4, pending: { category: 3, nationalSignOff: true } });
});
