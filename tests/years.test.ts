// Years of life on the time-skipping test server: a concern runs for five simulated years of
// monthly reviews, quarterly plan cycles, escalations and de-escalations, continuing as new many
// times (the threshold is lowered to make runs short), and loses nothing on the way.
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ConcernState } from '../concern/state';
import { after } from '../config/durations';
import { ConcernClient } from '../client/concerns';
import { concernWorkflowId } from '../workflows/names';
import { opening, RECOVERY, TRIANGULATED } from './support/fixtures';
import { passes } from './support/eventually';
import { runsOf, type Run } from '../ops/history';
import { UNSIGNED, startStack, type TestStack } from './support/stack';
import { bundleWorkflows, type ServerKind } from './support/temporal';

let stack: TestStack;
let bundle: WorkflowBundleWithSourceMap;
const ana = { actor: 'ana.quality' };

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('time-skipping test server', bundle, {
    policy: { continueAsNewAfterEvents: 300 },
    security: UNSIGNED,
  });
});
afterAll(() => stack?.stop());

/** The run id of a concern's current run. */
const currentRun = async (ref: string, on = stack) =>
  (await on.client.workflow.getHandle(concernWorkflowId(ref)).describe()).runId;

/** Every run of a concern's workflow from `firstRunId`, following continue-as-new. */
const runs = (ref: string, firstRunId: string, on = stack): Promise<Run[]> => runsOf(on.client, ref, firstRunId);

/** No workflow task failed in any run, and every run replays against the current code. */
async function expectDeterministic(ref: string, chain: Run[], on = stack): Promise<void> {
  const { dataConverter } = on;
  for (const run of chain) {
    expect((run.history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
    await Worker.runReplayHistory(
      { workflowBundle: bundle, dataConverter },
      run.history,
      `${concernWorkflowId(ref)}-${run.runId}`,
    );
  }
}

it('runs a concern for five years across many runs, keeping its state, audit trail and clocks', async () => {
  const o = opening();
  await stack.concerns.open(o);
  const firstRun = await currentRun(o.ref);
  let state: ConcernState = await stack.concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
  let decisions = 2;
  let reviews = 0;
  let objectives = 0;
  const decide = async (...args: Parameters<TestStack['concerns']['decide']>) => {
    state = await stack.concerns.decide(...args);
    decisions++;
    return state;
  };
  // The escalations of the five years, by month.
  const moves: Record<number, 0 | 1 | 2 | 3> = { 14: 3, 20: 2, 30: 1, 40: 2, 52: 1 };
  let notified = state.notifications.length;

  for (let month = 1; month <= 60; month++) {
    await stack.env.sleep('30 days');
    await decide(o.ref, 'review', {
      ...ana,
      outcome: month % 7 === 0 ? 'no-change' : 'improving',
      summary: `Review ${month}`,
      evidence: [`Survey ${month}`],
    });
    reviews++;
    if (state.category >= 2 && month % 3 === 0) {
      const open = state.objectives.find((x) => !x.done);
      if (open)
        await decide(o.ref, 'plan-done', { ...ana, objective: open.id, evidence: `Quarter ${month / 3} evidence` });
      await decide(o.ref, 'plan-add', {
        ...ana,
        objective: `Quarter ${month / 3 + 1} objective`,
        owner: 'dme@barts.example.org',
        due: after(state.reviews.at(-1)!.at, '80 days'),
        measure: 'Measured at the quarterly review',
      });
      objectives++;
      if (!state.planAgreed) await decide(o.ref, 'plan-agree', { ...ana, agreedBy: 'Dr Dee Emm, DME' });
    }
    const to = moves[month];
    if (to !== undefined) {
      await decide(o.ref, 'propose', {
        evidence: TRIANGULATED,
        ...ana,
        category: to,
        rationale: `Month ${month}: evidence reviewed`,
      });
      await decide(o.ref, 'confirm', { actor: 'ben.governance', ...(to === 3 ? RECOVERY : {}) });
    }
    // Nothing is ever lost: the audit trail has every decision; notifications only accumulate.
    expect(state.audit).toHaveLength(decisions);
    expect(state.notifications.length).toBeGreaterThanOrEqual(notified);
    notified = state.notifications.length;
  }

  const final = await stack.concerns.show(o.ref);
  expect(final.audit).toHaveLength(decisions);
  expect(final.reviews).toHaveLength(reviews);
  expect(final.objectives).toHaveLength(objectives);
  expect(final.category).toBe(1);
  expect(final.nextReviewDue).toBe(after(final.reviews.at(-1)!.at, stack.config.policy.reviewEvery['1']));
  const reminders = final.notifications.filter((n) => n.event === 'review-reminder').length;
  expect(reminders).toBeGreaterThan(40);

  const history = await runs(o.ref, firstRun);
  process.stdout.write(
    `history length of each run (${history.length} runs): ${history.map((r) => r.events).join(', ')}\n`,
  );
  expect(history.length).toBeGreaterThan(3);
  expect(history.slice(0, -1).every((r) => r.continued)).toBe(true);
  expect(history.at(-1)!.continued).toBe(false);
  expect(Math.max(...history.map((r) => r.events))).toBeLessThan(400);
  await expectDeterministic(o.ref, history);
});

describe.each<ServerKind>(['time-skipping test server', 'dev server'])(
  'updates during the switch, on the %s',
  (kind) => {
    let dev: TestStack;
    beforeAll(async () => {
      dev = await startStack(kind, bundle, {
        policy: { continueAsNewAfterEvents: 100 },
        security: kind === 'dev server' ? {} : UNSIGNED,
      });
    });
    afterAll(() => dev?.stop());

    it('applies every update sent while the concern continues as new, each exactly once, even when sent twice', async () => {
      const o = opening();
      await dev.concerns.open(o);
      const firstRun = await currentRun(o.ref, dev);
      // A concern takes 10 updates in flight at once; the rest queue (the admin script retries them), so
      // a burst this size takes a while on the dev server.
      const count = kind === 'dev server' ? 40 : 70;
      const patient = new ConcernClient(dev.client, 180_000);
      // Each decision is sent twice with the same request id, as a client that timed out and retried would.
      const results = await Promise.all(
        Array.from({ length: count * 2 }, (_, n) => {
          const i = n % count;
          return patient.decide(
            o.ref,
            'intervene',
            { ...ana, kind: 'desktop-review', summary: `Check ${i}` },
            `burst-${o.ref}-${i}`,
          );
        }),
      );
      expect(results).toHaveLength(count * 2);
      // The workflow reads its history length when an activation starts: a burst taken in a few
      // activations may leave it past the threshold unseen until the next one, which any later
      // decision or clock brings (here, one more decision).
      await patient.decide(o.ref, 'intervene', { ...ana, kind: 'desktop-review', summary: 'After the burst' });
      const final = await dev.concerns.show(o.ref);
      expect(final.interventions.map((x) => x.summary).sort()).toEqual(
        [...Array.from({ length: count }, (_, i) => `Check ${i}`), 'After the burst'].sort(),
      );
      // A run continues as new once the notice it is sending has gone (one message per recipient).
      const chain = await passes(async () => {
        const c = await runs(o.ref, firstRun, dev);
        expect(c.length).toBeGreaterThan(1);
        return c;
      }, 60_000);
      await expectDeterministic(o.ref, chain, dev);
    });
  },
);
