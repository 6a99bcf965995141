// The concern workflow on real Temporal servers (the time-skipping test server and the dev server),
// with a real worker, the real activities and a real SMTP server.
import { temporal } from '@temporalio/proto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { CliError, EXIT } from '../client/errors';
import { initKeys } from '../client/keys';
import type { ConcernState } from '../concern/state';
import { concernWorkflowId } from '../workflows/names';
import {
  IsfCategory,
  IsfConfigVersion,
  IsfNationalRegister,
  IsfRef,
  IsfRiskScore,
  IsfStage,
} from '../workflows/search-attributes';
import { configChangedSignal } from '../workflows/messages';
import { snapshotOf } from '../config/load';
import { freshRef, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from './support/fixtures';
import { UNSIGNED, startStack, type TestStack } from './support/stack';
import { bundleWorkflows, type ServerKind } from './support/temporal';
import { passes } from './support/eventually';

let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  bundle = await bundleWorkflows();
});

async function refusedWith(promise: Promise<unknown>, code: number = EXIT.refused): Promise<string> {
  const err = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).exitCode).toBe(code);
  return (err as CliError).message;
}

describe.each<ServerKind>(['time-skipping test server', 'dev server'])('concern workflow on the %s', (kind) => {
  let stack: TestStack;
  let client: TestStack['client'];
  let inbox: TestStack['inbox'];
  let concerns: TestStack['concerns'];

  beforeAll(async () => {
    // The time-skipping server's clock may jump ahead of the signer's (see UNSIGNED).
    stack = await startStack(kind, bundle, kind === 'dev server' ? {} : { security: UNSIGNED });
    ({ client, inbox, concerns } = stack);
  });
  afterAll(() => stack?.stop());

  const history = async (ref: string) =>
    (await client.workflow.getHandle(concernWorkflowId(ref)).fetchHistory()).events ?? [];
  const historyLength = async (ref: string) => (await history(ref)).length;
  /** Decisions that reached the history: every accepted update leaves one event. */
  const acceptedUpdates = async (ref: string) =>
    (await history(ref)).filter(
      (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    ).length;
  /**
   * The dev server drops the workflow task of a rejected update, so the history does not grow at
   * all; the time-skipping test server keeps the task's events but no update event either.
   */
  async function expectNoTrace(ref: string, before: { length: number; accepted: number }) {
    expect(await acceptedUpdates(ref)).toBe(before.accepted);
    if (kind === 'dev server') expect(await historyLength(ref)).toBe(before.length);
  }
  const mark = async (ref: string) => ({ length: await historyLength(ref), accepted: await acceptedUpdates(ref) });

  const attributes = async (ref: string) =>
    (await client.workflow.getHandle(concernWorkflowId(ref)).describe()).typedSearchAttributes;

  async function openConfirmed(overrides = {}): Promise<ConcernState> {
    const o = opening(overrides);
    await concerns.open(o);
    return concerns.decide(o.ref, 'confirm', { actor: 'ben.governance', rationale: 'agreed at governance' });
  }

  it('opens a concern provisionally, tells the category-2 stakeholders and keeps search attributes current', async () => {
    const o = opening({ likelihood: 4, impact: 3 });
    const state = await concerns.open(o);
    expect(state).toMatchObject({
      ref: o.ref,
      stage: 'awaiting-governance',
      category: 2,
      categoryStatus: 'provisional',
      risk: { score: 12 },
    });
    expect(await concerns.show(o.ref)).toEqual(state);

    const [mail] = await inbox.waitFor(o.ref, 'category-changed');
    expect(mail.messageId).toBe(`<${o.ref}.1.category-changed@isf.example.nhs.uk>`);
    // 13 roles at category 2; the regulator role is both GMC and NMC for these learners.
    expect(mail.recipients).toHaveLength(14);
    expect(mail.recipients).toEqual(
      expect.arrayContaining([
        'heads-of-school.london@example.nhs.uk',
        'dme@barts.example.org',
        'quality-assurance@gmc.example.org',
        'quality-assurance@nmc.example.org',
      ]),
    );
    expect(mail.recipients).not.toContain('chief.executive@barts.example.org');
    await inbox.waitFor(o.ref, 'register-change');

    const sa = await attributes(o.ref);
    expect([
      sa.get(IsfRef),
      sa.get(IsfCategory),
      sa.get(IsfRiskScore),
      sa.get(IsfStage),
      sa.get(IsfNationalRegister),
      sa.get(IsfConfigVersion),
    ]).toEqual([o.ref, 2, 12, 'awaiting-governance', true, snapshotOf(stack.config).version]);

    const shown = await concerns.show(o.ref);
    expect(shown.notifications.map((n) => [n.event, n.messageId])).toEqual([
      ['category-changed', `<${o.ref}.1.category-changed@isf.example.nhs.uk>`],
      ['register-change', `<${o.ref}.2.register-change@isf.example.nhs.uk>`],
    ]);
  });

  it('escalates to 3 with a notice of intention, then to 4 only after national sign-off', async () => {
    const { ref } = await openConfirmed();
    await concerns.decide(ref, 'propose', {
      evidence: TRIANGULATED,
      actor: 'ana.quality',
      category: 3,
      rationale: 'no improvement at review',
    });
    const at3 = await concerns.decide(ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
    expect(at3).toMatchObject({ category: 3, categoryStatus: 'confirmed' });
    const [notice] = await inbox.waitFor(ref, 'notice-of-intention');
    expect(notice.recipients.sort()).toEqual([
      'chief.executive@barts.example.org',
      'medical.director@barts.example.org',
    ]);

    const proposed = await concerns.decide(ref, 'propose', {
      evidence: TRIANGULATED,
      actor: 'ana.quality',
      category: 4,
      ...URGENT,
      rationale: 'unsafe supervision continues',
    });
    expect(proposed).toMatchObject({
      category: 3,
      stage: 'awaiting-governance',
      pending: { category: 4, stage: 'awaiting-governance', proposedBy: 'ana.quality' },
    });
    const confirmed = await concerns.decide(ref, 'confirm', { actor: 'ben.governance' });
    expect(confirmed).toMatchObject({ category: 3, stage: 'awaiting-national-sign-off', trainingSuspended: false });
    expect((await attributes(ref)).get(IsfStage)).toBe('awaiting-national-sign-off');
    const [request] = await inbox.waitFor(ref, 'sign-off-requested');
    expect(request.recipients.sort()).toEqual(['nia.national@example.nhs.uk', 'noah.national@example.nhs.uk']);

    const suspended = await concerns.decide(ref, 'sign-off', {
      ...WAIVER,
      actor: 'nia.national',
      approve: true,
      rationale: 'JSOG agreed',
    });
    expect(suspended).toMatchObject({
      category: 4,
      categoryStatus: 'confirmed',
      stage: 'open',
      trainingSuspended: true,
      suspensionPolicyInvoked: true,
      pending: null,
    });
    const changes = await inbox.waitFor(ref, 'category-changed', 3);
    const to4 = changes.find((m) => m.subject.includes('category 4'))!;
    expect(to4.recipients).toHaveLength(26);
    expect(to4.recipients).toEqual(
      expect.arrayContaining([
        'chair@barts.example.org',
        'executive@example.nhs.uk',
        'commissioning@ne-london-icb.example.org',
      ]),
    );
    expect(to4.text).toContain('Training in this clinical learning environment is suspended.');
    const sa = await attributes(ref);
    expect([sa.get(IsfCategory), sa.get(IsfStage)]).toEqual([4, 'open']);
    expect((await concerns.show(ref)).audit.map((a) => `${a.action}:${a.actor}:${a.role}`)).toEqual([
      'open:ana.quality:quality-team',
      'confirm:ben.governance:regional-governance',
      'propose:ana.quality:quality-team',
      'confirm:ben.governance:regional-governance',
      'propose:ana.quality:quality-team',
      'confirm:ben.governance:regional-governance',
      'sign-off:nia.national:national-scrutiny',
    ]);
  });

  it('refuses bad decisions at once, leaving the concern and its history untouched', async () => {
    const o = opening({ actor: 'hana.hoq' });
    await concerns.open(o);
    await inbox.waitFor(o.ref, 'category-changed');
    const before = await concerns.show(o.ref);
    let marked = await mark(o.ref);

    expect(await refusedWith(concerns.decide(o.ref, 'confirm', { actor: 'hana.hoq' }))).toMatch(
      /hana.hoq proposed category 2/,
    );
    expect(await refusedWith(concerns.decide(o.ref, 'close', { actor: 'ana.quality', rationale: 'x' }))).toMatch(
      /cannot close while a proposal/,
    );
    await expectNoTrace(o.ref, marked);
    expect(await concerns.show(o.ref)).toEqual(before);

    await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
    expect(await acceptedUpdates(o.ref)).toBe(marked.accepted + 1);
    // The confirmation's notice recorded, so that nothing but the refusals could add to the history.
    const confirmed = await passes(async () => {
      const s = await concerns.show(o.ref);
      expect(s.notifications.map((n) => n.event)).toContain('category-confirmed');
      return s;
    });
    marked = await mark(o.ref);

    expect(await refusedWith(concerns.decide(o.ref, 'close', { actor: 'ana.quality', rationale: 'x' }))).toMatch(
      /closes only from a confirmed category 0 or 1/,
    );
    expect(
      await refusedWith(
        concerns.decide(o.ref, 'rate', { actor: 'ana.quality', likelihood: 6, impact: 3, rationale: 'x' }),
      ),
    ).toBe('likelihood: must be a whole number from 1 to 5 (got 6)');
    expect(
      await refusedWith(
        concerns.decide(o.ref, 'propose', {
          evidence: TRIANGULATED,
          actor: 'ana.quality',
          category: 5 as 4,
          rationale: 'x',
        }),
      ),
    ).toBe('category: must be a whole number from 0 to 4 (got 5)');
    expect(
      await refusedWith(
        concerns.decide(o.ref, 'sign-off', { ...RECOVERY, actor: 'ben.governance', approve: true, rationale: 'x' }),
      ),
    ).toMatch(/ben.governance is not a national-scrutiny user/);
    expect(
      await refusedWith(concerns.decide(o.ref, 'propose', { actor: 'ana.quality', category: 3, rationale: 'worse' })),
    ).toBe(
      'evidence: moving from category 2 to 3 needs at least one item of evidence (--evidence KIND:TEXT); none given',
    );
    expect(
      await refusedWith(
        concerns.decide(o.ref, 'propose', {
          actor: 'ana.quality',
          category: 4,
          rationale: 'unsafe',
          evidence: [TRIANGULATED[0], TRIANGULATED[0]],
        }),
      ),
    ).toMatch(
      /^evidence: a move into category 4 needs triangulated evidence: at least two items of different kinds; only learner-survey given$/,
    );
    // The client checks payloads too; a payload that gets past it (another client) meets the validator.
    const handle = client.workflow.getHandle(concernWorkflowId(o.ref));
    const raw = await handle
      .executeUpdate('rate', { args: [{ actor: 'ana.quality', likelihood: 9, impact: 1, rationale: 'x' }] })
      .catch((e: Error) => (e.cause as Error | undefined)?.message);
    expect(raw).toBe('likelihood: must be a whole number from 1 to 5 (got 9)');
    await expectNoTrace(o.ref, marked);
    expect(await concerns.show(o.ref)).toEqual(confirmed);

    // Category 4 without national sign-off: regional confirmation alone changes nothing.
    await concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      actor: 'ana.quality',
      category: 4,
      ...URGENT,
      rationale: 'x',
    });
    expect(
      await refusedWith(
        concerns.decide(o.ref, 'sign-off', {
          ...RECOVERY,
          ...WAIVER,
          actor: 'nia.national',
          approve: true,
          rationale: 'x',
        }),
      ),
    ).toMatch(/regional governance has not yet confirmed/);
    expect(await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' })).toMatchObject({
      category: 2,
      trainingSuspended: false,
      stage: 'awaiting-national-sign-off',
    });
    expect((await concerns.show(o.ref)).audit).toHaveLength(before.audit.length + 3);
  });

  it('answers an unknown ref with "no concern", and refuses a duplicate ref', async () => {
    expect(await refusedWith(concerns.show(freshRef('NONE')), EXIT.notFound)).toMatch(/^no concern 'NONE-/);
    expect(
      await refusedWith(concerns.decide(freshRef('NONE'), 'confirm', { actor: 'ben.governance' }), EXIT.notFound),
    ).toMatch(/^no concern/);
    const o = opening();
    await concerns.open(o);
    expect(await refusedWith(concerns.open({ ...o, title: 'again' }))).toBe(`ref: concern '${o.ref}' already exists`);
  });

  it("refuses an opening the worker's configuration does not allow, and frees the ref for a corrected one", async () => {
    const o = opening({ provider: 'nowhere' });
    expect(await refusedWith(concerns.open(o))).toBe("provider: unknown provider 'nowhere'");
    expect(await refusedWith(concerns.show(o.ref), EXIT.notFound)).toMatch(
      /an opening with this ref was refused: provider: unknown provider/,
    );
    const corrected = await concerns.open({ ...o, provider: 'barts' });
    expect(corrected).toMatchObject({ ref: o.ref, provider: 'barts', category: 2 });
  });

  it('restores the last confirmed category when a proposal is challenged', async () => {
    const { ref } = await openConfirmed();
    await concerns.decide(ref, 'propose', {
      evidence: TRIANGULATED,
      actor: 'ana.quality',
      category: 1,
      rationale: 'plan delivered',
    });
    const restored = await concerns.decide(ref, 'challenge', {
      actor: 'ben.governance',
      rationale: 'not sustained yet',
    });
    expect(restored).toMatchObject({ category: 2, categoryStatus: 'confirmed', pending: null, stage: 'open' });
    const mails = await inbox.waitFor(ref, 'category-changed', 3);
    expect(mails.at(-1)!.subject).toContain('category 2 (Significant concerns) restored');
  });

  it('re-rates the risk and tells the register keepers when the concern enters the national register', async () => {
    const { ref } = await openConfirmed();
    const rated = await concerns.decide(ref, 'rate', {
      actor: 'ana.quality',
      likelihood: 5,
      impact: 4,
      rationale: 'further incidents',
    });
    expect(rated).toMatchObject({ risk: { score: 20 }, registers: { regional: true, national: true } });
    const [mail] = await inbox.waitFor(ref, 'register-change');
    expect(mail.recipients.sort()).toEqual(['head-of-quality.london@example.nhs.uk', 'jsog@example.nhs.uk']);
    expect((await attributes(ref)).get(IsfNationalRegister)).toBe(true);
  });

  it('records roles nobody can be reached at as undeliverable and tells the quality team', async () => {
    const { ref } = await openConfirmed({
      contacts: { educators: ['bounce@barts.example.org'] },
      provider: 'imperial',
    });
    const [report] = await inbox.waitFor(ref, 'undeliverable');
    const state = await concerns.show(ref);
    expect(state.undeliverable).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'category-changed',
          role: 'educators',
          recipient: 'bounce@barts.example.org',
          reason: expect.stringMatching(/550/) as string,
        }),
      ]),
    );
    expect(report.recipients.sort()).toEqual(['ana.quality@example.nhs.uk', 'hana.hoq@example.nhs.uk']);
    expect(report.text).toContain('educators <bounce@barts.example.org>');
  });

  it('closes from a confirmed category 1, completes, and stays readable', async () => {
    const { ref } = await openConfirmed({ category: 1, likelihood: 2, impact: 2 });
    const closed = await concerns.decide(ref, 'close', { actor: 'ana.quality', rationale: 'action plan delivered' });
    expect(closed).toMatchObject({ stage: 'closed', registers: { national: false } });
    const handle = client.workflow.getHandle(concernWorkflowId(ref));
    expect((await handle.result()) as ConcernState).toMatchObject({ stage: 'closed' });
    expect(await concerns.show(ref)).toMatchObject({ stage: 'closed', closedAt: closed.closedAt });
    expect(
      await refusedWith(
        concerns.decide(ref, 'rate', { actor: 'ana.quality', likelihood: 1, impact: 1, rationale: 'x' }),
      ),
    ).toBe(`${ref} is closed`);
  });

  it('returns a decision as soon as it is recorded, without waiting for the mail', async () => {
    const o = await openConfirmed();
    await inbox.waitFor(o.ref, 'category-changed');
    inbox.delayMs = 4000;
    try {
      await concerns.decide(o.ref, 'propose', {
        evidence: TRIANGULATED,
        actor: 'ana.quality',
        category: 3,
        rationale: 'serious incident',
      });
      // The mail server is still holding the message when the decision has already returned.
      expect(inbox.for(o.ref, 'category-changed')).toHaveLength(1);
    } finally {
      inbox.delayMs = 0;
    }
    await inbox.waitFor(o.ref, 'category-changed', 2);
  });

  it('applies a decision resent with the same request id once', async () => {
    const o = opening();
    await concerns.open(o);
    const first = await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' }, 'request-1');
    const again = await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' }, 'request-1');
    expect(again).toEqual(first);
    expect((await concerns.show(o.ref)).audit.filter((a) => a.action === 'confirm')).toHaveLength(1);
  });

  it('takes a changed configuration when told to reload it', async () => {
    const o = opening();
    await concerns.open(o);
    expect(await refusedWith(concerns.decide(o.ref, 'confirm', { actor: 'zoe.governance' }))).toMatch(
      /unknown user 'zoe.governance'/,
    );
    const { publicKey } = initKeys('zoe.governance', true);
    stack.config = {
      ...stack.config,
      users: [
        ...stack.config.users,
        {
          id: 'zoe.governance',
          name: 'Zoe Example',
          email: 'zoe@example.nhs.uk',
          roles: ['regional-governance'],
          regions: ['london'],
          publicKey,
          retiredKeys: [],
        },
      ],
    };
    await client.workflow.getHandle(concernWorkflowId(o.ref)).signal(configChangedSignal);
    for (let i = 0; i < 100; i++) {
      if ((await attributes(o.ref)).get(IsfConfigVersion) === snapshotOf(stack.config).version) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await concerns.decide(o.ref, 'confirm', { actor: 'zoe.governance' })).toMatchObject({
      categoryStatus: 'confirmed',
    });
  });

  it('moves a concern onto a new run (the current code) when continueAsNewAfterEvents is lowered and applied', async () => {
    const o = opening();
    await concerns.open(o);
    await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
    for (let i = 0; i < 8; i++) {
      await concerns.decide(o.ref, 'propose', {
        evidence: TRIANGULATED,
        actor: 'ana.quality',
        category: 3,
        rationale: `up ${i}`,
      });
      await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
      await concerns.decide(o.ref, 'propose', {
        evidence: TRIANGULATED,
        actor: 'ana.quality',
        category: 2,
        rationale: `down ${i}`,
      });
      await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
    }
    const handle = client.workflow.getHandle(concernWorkflowId(o.ref));
    const before = await handle.describe();
    expect(before.historyLength).toBeGreaterThan(100);
    const saved = stack.config;
    stack.config = { ...saved, policy: { ...saved.policy, continueAsNewAfterEvents: 100 } };
    try {
      await handle.signal(configChangedSignal);
      let runId = before.runId;
      for (let i = 0; i < 100 && runId === before.runId; i++) {
        await new Promise((r) => setTimeout(r, 100));
        runId = (await handle.describe()).runId;
      }
      expect(runId).not.toBe(before.runId);
      const state = await concerns.show(o.ref);
      expect(state.audit).toHaveLength(34);
      expect(state).toMatchObject({ category: 2, categoryStatus: 'confirmed' });
    } finally {
      stack.config = saved;
    }
  });
});
