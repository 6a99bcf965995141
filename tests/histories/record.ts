// Records histories of real concern runs for the replay test:
// `ISF_HISTORY_SET=NAME npm run record-histories` writes tests/histories/NAME/*.json. Not part of `npm test` (jest runs it only when named).
//
// Each scenario drives concerns through the admin client on the time-skipping test server with
// the current workflow code; every run of every concern (continue-as-new included) is saved as
// `temporal workflow show --output json` would save it. Payloads are left unencrypted so that
// whoever changes the workflow code next can read what a history holds.
import { temporal } from '@temporalio/proto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../../client/errors';
import type { ConcernState } from '../../concern/state';
import { temporalCli } from '../../ops/binaries';
import { carriedQuery, configChangedSignal } from '../../workflows/messages';
import { TASK_QUEUE, concernWorkflowId } from '../../workflows/names';
import { FEEDBACK, freshRef, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from '../support/fixtures';
import { importConcerns, type ConcernRecord } from '../../client/records';
import { runsOf } from '../../ops/history';
import { UNSIGNED, startStack, type TestStack } from '../support/stack';
import { bundleWorkflows } from '../support/temporal';

const SET = process.env.ISF_HISTORY_SET;
if (!SET || !/^[\w.-]+$/.test(SET))
  throw new Error(
    'ISF_HISTORY_SET: name the set of histories to record (letters, digits, . _ -), e.g. ISF_HISTORY_SET=2026-11-25',
  );
const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };
const nia = { actor: 'nia.national' };
const agreedBy = 'Dr Dee Emm, Director of Medical Education';

jest.setTimeout(600_000);

type Scenario = (stack: TestStack) => Promise<string[]>;

/** A date `days` after the concern opened, on the test server's clock. */
const daysAfter = (state: ConcernState, days: number) =>
  new Date(Date.parse(state.openedAt) + days * 86_400_000).toISOString();

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => {
      if (!(err instanceof CliError)) throw err;
    },
  );

/** The scenarios, by name: together they take every path a concern can take. */
const SCENARIOS: Record<string, Scenario> = {
  /** Every category move up to 4 and back down to closing, with both national sign-offs. */
  async 'up-and-down'({ concerns, env }) {
    const o = opening({ raisedBy: 'f1.doctor@nhs.example.net' });
    await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 3,
      rationale: 'no improvement at review',
    });
    await concerns.decide(o.ref, 'confirm', { ...ben, ...RECOVERY });
    // The road to suspension: the notice of intention runs its 28 days (its deadline clock fires).
    await env.sleep('29 days');
    await concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      rationale: 'unsafe supervision continues',
    });
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'sign-off', { ...nia, approve: true, rationale: 'JSOG agreed' });
    for (const [n, wait] of [
      [1, '20 days'],
      [2, '91 days'],
    ]) {
      await env.sleep(wait);
      await concerns.decide(o.ref, 'review', {
        ...ana,
        outcome: 'improving',
        summary: `Improving ${n}`,
        evidence: [`Survey ${n}`],
      });
    }
    await concerns.decide(o.ref, 'propose', {
      evidence: FEEDBACK,
      ...ana,
      category: 3,
      rationale: 'sustained improvement',
    });
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'sign-off', { ...RECOVERY, ...nia, approve: true, rationale: 'training reinstated' });
    for (const category of [2, 1, 0] as const) {
      await concerns.decide(o.ref, 'propose', {
        evidence: TRIANGULATED,
        ...ana,
        category,
        rationale: `down to ${category}`,
      });
      await concerns.decide(o.ref, 'confirm', ben);
    }
    await concerns.decide(o.ref, 'rate', { ...ana, likelihood: 1, impact: 2, rationale: 'risk receded' });
    await concerns.decide(o.ref, 'close', { ...ana, rationale: 'resolved' });
    return [o.ref];
  },

  /** Challenges, a national rejection, re-ratings on and off the register, refusals, a refused opening. */
  async 'challenges-and-rejections'({ concerns }) {
    const o = opening();
    await concerns.open(o);
    await concerns.decide(o.ref, 'challenge', { ...ben, rationale: 'evidence too thin' });
    await concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 1,
      rationale: 'minor after all',
    });
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'rate', { ...ana, likelihood: 4, impact: 4, rationale: 'second serious incident' });
    await concerns.decide(o.ref, 'propose', { evidence: TRIANGULATED, ...ana, category: 3, rationale: 'escalate' });
    await concerns.decide(o.ref, 'challenge', { ...ben, rationale: 'not yet' });
    await refused(concerns.decide(o.ref, 'confirm', ben));
    await refused(concerns.decide(o.ref, 'sign-off', { ...RECOVERY, ...nia, approve: true, rationale: 'x' }));
    await concerns.decide(o.ref, 'rate', { ...ana, likelihood: 2, impact: 3, rationale: 'incidents reviewed' });

    const four = opening({ category: 3 });
    await concerns.open(four);
    await concerns.decide(four.ref, 'confirm', { ...ben, ...RECOVERY });
    await concerns.decide(four.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'unsafe',
    });
    await concerns.decide(four.ref, 'confirm', ben);
    await concerns.decide(four.ref, 'sign-off', {
      ...RECOVERY,
      ...nia,
      approve: false,
      rationale: 'improvement seen at the visit',
    });

    const unknown = opening({ provider: 'nowhere' });
    await refused(concerns.open(unknown));
    return [o.ref, four.ref, unknown.ref];
  },

  /** Category 4 ending in decommissioning: proposed with evidence, confirmed, signed off; the concern closes. */
  async decommissioning({ concerns }) {
    const o = opening({ category: 3 });
    await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', { ...ben, ...RECOVERY });
    await concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'unsafe',
    });
    await concerns.decide(o.ref, 'confirm', {
      ...ben,
      evidence: [{ kind: 'provider-report', text: 'Trust board paper' }],
    });
    await concerns.decide(o.ref, 'sign-off', {
      ...RECOVERY,
      ...WAIVER,
      ...nia,
      approve: true,
      rationale: 'JSOG agreed',
      evidence: TRIANGULATED,
    });
    await concerns.decide(o.ref, 'decommission', {
      ...ana,
      rationale: 'the deanery withdraws the posts',
      evidence: TRIANGULATED,
    });
    await concerns.decide(o.ref, 'challenge', { ...ben, rationale: 'recovery still possible' });
    await concerns.decide(o.ref, 'decommission', {
      ...ana,
      rationale: 'the deanery withdraws the posts',
      evidence: TRIANGULATED,
    });
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'sign-off', { ...nia, approve: true, rationale: 'posts withdrawn' });
    return [o.ref];
  },

  /** Good practice recorded and shared at categories 0 and 1; an agreed plan shared with a regulator and a partner. */
  async sharing({ concerns }) {
    const o = opening({ category: 1, likelihood: 1, impact: 2 });
    await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'good-practice', { ...ana, summary: 'Bleep handover checklist' });
    await concerns.decide(o.ref, 'good-practice', { ...ana, summary: 'Named night supervisor', share: 'region' });
    await concerns.decide(o.ref, 'good-practice', { ...ana, summary: 'Named night supervisor', share: 'national' });
    const p = opening();
    const opened = await concerns.open(p);
    await concerns.decide(p.ref, 'confirm', ben);
    await concerns.decide(p.ref, 'plan-add', {
      ...ana,
      objective: 'Fill the night rota',
      owner: 'dme@barts.example.org',
      due: daysAfter(opened, 120),
      measure: 'No unfilled shifts',
    });
    await refused(concerns.decide(p.ref, 'plan-share', { ...ana, with: ['CQC'] }));
    await concerns.decide(p.ref, 'plan-agree', { ...ana, agreedBy });
    await concerns.decide(p.ref, 'plan-share', { ...ana, with: ['GMC', 'CQC'] });
    return [o.ref, p.ref];
  },

  /** Every clock: reminders, overdue notices, the action plan, interventions, a configuration change, undeliverable mail. */
  async monitoring({ concerns, env, client }) {
    const o = opening({ contacts: { educators: ['bounce@barts.example.org'] } });
    const opened = await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', ben);
    const objective = { ...ana, measure: 'No unfilled night shifts for four weeks', owner: 'dme@barts.example.org' };
    await concerns.decide(o.ref, 'plan-add', {
      ...objective,
      objective: 'Fill the night rota',
      due: daysAfter(opened, 20),
    });
    await concerns.decide(o.ref, 'plan-add', {
      ...objective,
      objective: 'Induct the registrars',
      due: daysAfter(opened, 40),
    });
    await concerns.decide(o.ref, 'plan-agree', { ...ana, agreedBy });
    await env.sleep('10 days'); // response-overdue (no intervention in 7 days)
    await concerns.decide(o.ref, 'intervene', { ...ana, kind: 'urgent-risk-review', summary: 'Met the DME' });
    await env.sleep('15 days'); // objective reminder and overdue, review reminder
    await concerns.decide(o.ref, 'plan-done', { ...ana, objective: 2, evidence: 'Induction log signed' });
    await env.sleep('20 days'); // review overdue
    await concerns.decide(o.ref, 'review', { ...ana, outcome: 'deteriorating', summary: 'Two more incidents' });
    await client.workflow.getHandle(concernWorkflowId(o.ref)).signal(configChangedSignal);

    const planless = opening();
    await concerns.open(planless);
    await concerns.decide(planless.ref, 'confirm', ben);
    const unconfirmed = opening();
    await concerns.open(unconfirmed);
    const awaiting = opening({ category: 3 });
    await concerns.open(awaiting);
    await concerns.decide(awaiting.ref, 'confirm', { ...ben, ...RECOVERY });
    await concerns.decide(awaiting.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'unsafe',
    });
    await concerns.decide(awaiting.ref, 'confirm', ben);
    await env.sleep('35 days'); // plan-overdue, confirmation and sign-off reminders
    return [o.ref, planless.ref, unconfirmed.ref, awaiting.ref];
  },

  /**
   * Input the concern did not write itself: an import (verified; its carried notice set aside and
   * reported), a tampered import whose state is not the one its trail leads to, and a malformed
   * start. Each refusal fails its run.
   */
  async 'untrusted-input'({ concerns, client }) {
    const o = opening();
    await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', ben);
    await concerns.decide(o.ref, 'propose', { evidence: TRIANGULATED, ...ana, category: 3, rationale: 'escalate' });
    const { state, config, ...carried } = await client.workflow.getHandle(concernWorkflowId(o.ref)).query(carriedQuery);
    const copy = (ref: string, changes: Partial<ConcernState> = {}): ConcernRecord => ({
      ref,
      status: 'open',
      state: { ...state, ref, ...changes },
      carried: {
        ...carried,
        configVersion: config.version,
        outbox: [
          {
            seq: carried.lastSeq + 1,
            notice: {
              event: 'escalation-advised',
              roles: ['regional-head-of-quality'],
              category: 3,
              summary: 'carried',
              by: 'Ana',
            },
          },
        ],
      },
    });
    const imported = freshRef('IMP');
    const tampered = freshRef('IMP');
    const result = await importConcerns(
      client,
      [copy(imported), copy(tampered, { category: 4, trainingSuspended: true })],
      config,
    );
    expect(result.imported).toEqual([imported]);
    expect(result.refused.map((r) => r.ref)).toEqual([tampered]);
    await concerns.decide(imported, 'confirm', { ...ben, ...RECOVERY });
    const malformed = freshRef('BAD');
    await client.workflow.start('concern', {
      workflowId: concernWorkflowId(malformed),
      taskQueue: TASK_QUEUE,
      args: [{ kind: 'continued', carried: { state: { ref: malformed } } }] as never,
    });
    await expect(client.workflow.getHandle(concernWorkflowId(malformed)).result()).rejects.toThrow();
    return [imported, tampered, malformed];
  },

  /**
   * The guide to the letter: a role held back at 1 and restored, a settled category and a closed
   * concern told; recovery agreed at 3, its review outcome, the notice period run out, category 4
   * proposed after it with the recovery carried and a fresh recovery plan asked, a review outcome at
   * 4; the urgent route with its waiver approved; a self-directed plan at 1 answering an
   * intervention, left unagreed; learners with no regulator.
   */
  async 'guide-rules'({ concerns, env }) {
    const held = opening({ category: 1, likelihood: 1, impact: 2, professions: ['other'] });
    await concerns.open(held);
    await concerns.decide(held.ref, 'audience', {
      ...ana,
      withhold: 'affected-learners',
      reason: 'the learner asked not to be identified',
    });
    await concerns.decide(held.ref, 'confirm', { ...ben, rationale: 'agreed at panel' });
    await concerns.decide(held.ref, 'audience', { ...ana, restore: 'affected-learners' });
    await concerns.decide(held.ref, 'close', { ...ana, rationale: 'resolved' });

    const road = opening({ category: 3 });
    await concerns.open(road);
    await concerns.decide(road.ref, 'confirm', { ...ben, ...RECOVERY });
    await concerns.decide(road.ref, 'review', { ...ana, outcome: 'no-change', summary: 'rota unchanged' });
    await refused(
      concerns.decide(road.ref, 'propose', { evidence: TRIANGULATED, ...ana, category: 4, rationale: 'too soon' }),
    );
    await env.sleep('29 days'); // the notice period runs out: notice-deadline
    await concerns.decide(road.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      rationale: 'no improvement after notice',
    });
    await concerns.decide(road.ref, 'confirm', ben);
    await concerns.decide(road.ref, 'sign-off', { ...nia, approve: true, rationale: 'JSOG agreed' });
    await concerns.decide(road.ref, 'review', {
      ...ana,
      outcome: 'improving',
      summary: 'supervisor every night',
      evidence: ['trainee forum'],
    });
    await env.sleep('30 days'); // the fresh recovery plan not agreed: plan-overdue at 4

    const urgent = opening();
    await concerns.open(urgent);
    await concerns.decide(urgent.ref, 'confirm', ben);
    await concerns.decide(urgent.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'learners at risk tonight',
    });
    await concerns.decide(urgent.ref, 'confirm', ben);
    await refused(concerns.decide(urgent.ref, 'sign-off', { ...nia, ...RECOVERY, approve: true, rationale: 'agreed' }));
    await concerns.decide(urgent.ref, 'sign-off', {
      ...nia,
      ...RECOVERY,
      ...WAIVER,
      approve: true,
      rationale: 'agreed',
    });

    const selfDirected = opening({ category: 1, likelihood: 1, impact: 2 });
    const begun = await concerns.open(selfDirected);
    await concerns.decide(selfDirected.ref, 'confirm', ben);
    await concerns.decide(selfDirected.ref, 'intervene', {
      ...ana,
      kind: 'desktop-review',
      summary: 'rota data reviewed',
    });
    await concerns.decide(selfDirected.ref, 'plan-add', {
      ...ana,
      objective: 'Named supervisor',
      owner: 'dme@barts.example.org',
      due: daysAfter(begun, 180),
      measure: 'rota audit',
      answers: 1,
    });
    await env.sleep('30 days'); // not agreed in time: plan-overdue at 1
    await concerns.decide(selfDirected.ref, 'plan-agree', { ...ana, agreedBy });
    return [held.ref, road.ref, urgent.ref, selfDirected.ref];
  },

  /** Two years of monthly reviews and quarterly plans: several runs, continued as new. */
  async 'long-life'({ concerns, env }) {
    const o = opening();
    await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', ben);
    for (let month = 1; month <= 24; month++) {
      await env.sleep('30 days');
      const state = await concerns.decide(o.ref, 'review', {
        ...ana,
        outcome: month % 5 === 0 ? 'no-change' : 'improving',
        summary: `Review ${month}`,
        evidence: [`Survey ${month}`],
      });
      if (month % 3 === 0) {
        await concerns.decide(o.ref, 'plan-add', {
          ...ana,
          objective: `Objective ${month}`,
          measure: 'Survey green',
          owner: 'dme@barts.example.org',
          due: daysAfter(state, 30 * month + 60),
        });
        if (!state.planAgreed) await concerns.decide(o.ref, 'plan-agree', { ...ana, agreedBy });
        await concerns.decide(o.ref, 'plan-done', {
          ...ana,
          objective: state.objectives.length + 1,
          evidence: 'Survey green',
        });
      }
    }
    return [o.ref];
  },
};

describe(`recording histories into tests/histories/${SET}`, () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack('time-skipping test server', await bundleWorkflows(), {
      security: UNSIGNED,
      codecKeys: null,
      policy: { continueAsNewAfterEvents: 150 },
    });
  });
  afterAll(() => stack?.stop());

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const dir = join(__dirname, SET);
      mkdirSync(dir, { recursive: true });
      const refs = await scenario(stack);
      await stack.env.sleep('1 minute'); // let the last notices go out
      for (const [i, ref] of refs.entries()) {
        for (const [r, run] of (await runsOf(stack.client, ref)).entries()) {
          const failed = (run.history.events ?? []).filter(
            (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
          );
          expect(failed).toEqual([]);
          const file = join(dir, `${name}.${i + 1}.run${r + 1}.json`);
          // Saved exactly as an operator would save a production history (README, "Changing workflow code").
          const json = execFileSync(temporalCli(), [
            'workflow',
            'show',
            '--workflow-id',
            concernWorkflowId(ref),
            '--run-id',
            run.runId,
            '--output',
            'json',
            '--address',
            stack.env.connection.options.address,
            '--namespace',
            'default',
          ]);
          writeFileSync(file, json);
        }
      }
    });
  }
});
