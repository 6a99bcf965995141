// The concern trusts only what it can verify. An attacker with access to the namespace uses the
// Temporal CLI itself (the real binary, not the SDK) to start concerns with forged state; each run
// fails with one clear reason, never a workflow task failing again and again, and none of them
// shows in the listings, the registers or the governance pack. Then: a concern driven to its byte
// budget still works; concern contacts cannot redirect official mail; control characters are refused.
import { WorkflowFailedError } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signed } from '../client/keys';
import { exportConcerns } from '../client/records';
import { listConcerns, registerRows } from '../reads/listing';
import { historyLines } from '../text/history';
import { verifyAudit } from '../client/verify';
import { AesGcmCodec } from '../codec/aes-gcm';
import { startCodecServer, type RunningCodecServer } from '../codec/server';
import { TEXT_LIMITS } from '../concern/inputs';
import type { AuditEntry, ConcernState } from '../concern/state';
import { temporalCli } from '../ops/binaries';
import { loadConcerns } from '../reports/load';
import { carriedQuery, type Carried } from '../workflows/messages';
import { concernWorkflowId } from '../workflows/names';
import { freshRef, opening, TRIANGULATED } from './support/fixtures';
import { startService, type TestService } from './support/service';
import { isf, run } from './support/processes';
import { startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';

jest.setTimeout(300_000);

const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };

let bundle: WorkflowBundleWithSourceMap;
let stack: TestStack;
let codec: RunningCodecServer;
let service: TestService;
const work = mkdtempSync(join(tmpdir(), 'isf-trust-'));

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('dev server', bundle);
  // The attacker holds the payload key too (as every `isf` user did before the service): the codec
  // server lets the Temporal CLI encrypt what it sends.
  codec = await startCodecServer({
    codec: new AesGcmCodec(stack.codecKeys!),
    token: 'attacker-has-the-key',
    allowedOrigins: [],
  });
  service = await startService(stack);
});
afterAll(async () => {
  await service?.stop();
  await codec?.close();
  await stack?.stop();
});

const address = () => `127.0.0.1:${stack.env.connection.options.address.split(':').pop()}`;

/** `temporal workflow start` as the attacker types it. */
async function attackerStarts(workflowId: string, input: unknown, extra: string[] = [], encrypted = true) {
  const file = join(work, `${workflowId}.json`);
  writeFileSync(file, JSON.stringify(input));
  const ran = await run(
    temporalCli(),
    [
      'workflow',
      'start',
      '--type',
      'concern',
      '--task-queue',
      'isf-concerns',
      '--workflow-id',
      workflowId,
      '--input-file',
      file,
      '--address',
      address(),
      ...(encrypted ? ['--codec-endpoint', codec.endpoint] : []),
      ...extra,
    ],
    {},
  );
  expect([ran.code, ran.stderr]).toEqual([0, '']);
}

/** How the run ended, and whether any workflow task failed on the way. */
async function outcome(workflowId: string): Promise<{ reason: string; taskFailures: number }> {
  const handle = stack.client.workflow.getHandle(workflowId);
  const reason = await handle.result().then(
    () => 'completed',
    (err: unknown) => (err instanceof WorkflowFailedError && err.cause ? err.cause.message : String(err)),
  );
  const history = await handle.fetchHistory();
  const taskFailures = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
  return { reason, taskFailures };
}

describe('an attacker with namespace access and the Temporal CLI', () => {
  const forged: string[] = [];

  /** A concern's real carried state, then forged: category 4 with an invented national sign-off. */
  async function forgedCarried(): Promise<{ ref: string; carried: Carried }> {
    const o = opening();
    await stack.concerns.open(o);
    await stack.concerns.decide(o.ref, 'confirm', ben);
    await stack.concerns.decide(o.ref, 'propose', {
      ...ana,
      category: 3,
      rationale: 'escalate',
      evidence: TRIANGULATED,
    });
    const carried = await stack.client.workflow.getHandle(concernWorkflowId(o.ref)).query(carriedQuery);
    const last = carried.state.audit.at(-1)!;
    const invented: AuditEntry = {
      ...last,
      at: new Date().toISOString(),
      action: 'sign-off',
      actor: 'nia.national',
      actorName: 'Nia Example',
      role: 'national-scrutiny',
      approved: true,
      category: { from: 3, to: 4, status: 'confirmed' },
    };
    const state: ConcernState = {
      ...carried.state,
      category: 4,
      categoryStatus: 'confirmed',
      lastConfirmedCategory: 4,
      pending: null,
      stage: 'open',
      trainingSuspended: true,
      audit: [...carried.state.audit, invented],
    };
    return {
      ref: o.ref,
      carried: {
        ...carried,
        state,
        config: { ...carried.config, security: { ...carried.config.security, requireSignedDecisions: false } },
      },
    };
  }

  it('starts a continued concern in plain JSON: the codec refuses it and the run fails, naming the workflow and the payload', async () => {
    const { carried } = await forgedCarried();
    const ref = freshRef('FORGED');
    forged.push(ref);
    await attackerStarts(
      concernWorkflowId(ref),
      { kind: 'continued', carried: { ...carried, state: { ...carried.state, ref } } },
      [],
      false,
    );
    expect(await outcome(concernWorkflowId(ref))).toEqual({
      reason: `input refused: payload 1 of workflow ${concernWorkflowId(ref)} refused: not encrypted (encoding json/plain); only payloads encrypted with a known key are accepted`,
      taskFailures: 0,
    });
  });

  it('resurrects a terminated concern, encrypted, with an invented sign-off into category 4 and its own search attributes: the trail does not verify', async () => {
    const { ref, carried } = await forgedCarried();
    forged.push(ref);
    await stack.client.workflow.getHandle(concernWorkflowId(ref)).terminate('the attacker ends it');
    await attackerStarts(concernWorkflowId(ref), { kind: 'continued', carried }, [
      '--id-reuse-policy',
      'AllowDuplicate',
      '--search-attribute',
      'IsfCategory=4',
      '--search-attribute',
      'IsfNationalRegister=true',
      '--search-attribute',
      `IsfRef="${ref}"`,
      '--search-attribute',
      'IsfStage="open"',
      '--search-attribute',
      'IsfRegion="london"',
    ]);
    const { reason, taskFailures } = await outcome(concernWorkflowId(ref));
    expect(reason).toMatch(
      new RegExp(`^${ref} not taken on trust: audit entry 4 \\(sign-off by nia.national at [^)]+\\) does not verify: `),
    );
    expect(taskFailures).toBe(0);
  });

  it('starts a malformed concern, encrypted: refused by the schema, field by field', async () => {
    const ref = freshRef('FORGED');
    forged.push(ref);
    await attackerStarts(concernWorkflowId(ref), {
      kind: 'continued',
      carried: { state: { ref, category: 4 }, outbox: 'everything' },
    });
    const { reason, taskFailures } = await outcome(concernWorkflowId(ref));
    expect(reason).toMatch(/^input refused: carried\.state\.title: is required/);
    expect(taskFailures).toBe(0);
  });

  it('starts a new concern with a forged opening under another ref: refused', async () => {
    const ref = freshRef('FORGED');
    forged.push(ref);
    await attackerStarts(concernWorkflowId(ref), { kind: 'new', opening: { ...opening(), requestId: 'x' } });
    expect((await outcome(concernWorkflowId(ref))).reason).toMatch(/^opening refused: unsigned decision/);
  });

  it('and none of it shows in isf list, the registers or the governance pack', async () => {
    const listed = (await listConcerns(stack, { closed: true })).map((l) => l.ref);
    const registered = (await registerRows(stack, undefined, stack.config.policy, new Date())).map((r) => r.ref);
    const packed = (
      await loadConcerns(stack, {
        from: new Date(0).toISOString(),
        to: new Date().toISOString(),
      })
    ).map((s) => s.ref);
    for (const ref of forged) {
      expect([ref, listed.includes(ref), registered.includes(ref), packed.includes(ref)]).toEqual([
        ref,
        false,
        false,
        false,
      ]);
    }
  });
});

describe('a concern at its byte budget', () => {
  it('refuses what would take it past its budgets in one line, and still answers, verifies, exports, continues as new and decides', async () => {
    const o = opening();
    await stack.concerns.open(o);
    await stack.concerns.decide(o.ref, 'confirm', ben);
    const full = (n: number) => `${n} `.padEnd(TEXT_LIMITS.rationale, '€');
    // Every text field at its limit and every list full is more than one decision may carry.
    const maximal = {
      ...ana,
      outcome: 'no-change' as const,
      summary: full(0),
      evidence: Array.from({ length: 20 }, (_, i) => ({ kind: 'learner-survey' as const, text: full(i) })),
    };
    await expect(stack.concerns.decide(o.ref, 'review', maximal)).rejects.toThrow(
      /^decision: \d+ KiB is over the budget of 64 KiB for one decision \(policy.maxDecisionBytes\)/,
    );
    // The largest decisions it may carry, one after another, until the state's budget refuses.
    const large = { ...maximal, evidence: maximal.evidence.slice(0, 4) };
    let refusal = '';
    for (let i = 0; i < 40 && !refusal; i++) {
      refusal = await stack.concerns.decide(o.ref, 'review', { ...large, summary: full(i) }).then(
        () => '',
        (e: Error) => e.message,
      );
    }
    expect(refusal).toMatch(
      /^state: this decision would make the concern [\d,]+ KiB, over its budget of 1,024 KiB \(policy.maxStateBytes\)/,
    );

    const state = await stack.concerns.show(o.ref);
    expect(Buffer.byteLength(JSON.stringify(state))).toBeGreaterThan(800 * 1024);
    expect(historyLines(state).length).toBe(state.audit.length);
    expect(verifyAudit(state, stack.config).verified).toBe(true);
    const out = join(work, 'budget-export');
    const manifest = await exportConcerns(stack.client, out);
    expect(manifest.files.some((f) => f.ref === o.ref)).toBe(true);
    expect(statSync(join(out, 'concerns', `${o.ref}.json`)).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    // It continues as new with all of that, on the current code, and takes a normal decision.
    const before = (await stack.client.workflow.getHandle(concernWorkflowId(o.ref)).describe()).runId;
    stack.config = { ...stack.config, policy: { ...stack.config.policy, continueAsNewAfterEvents: 100 } };
    await stack.client.workflow.getHandle(concernWorkflowId(o.ref)).signal('config-changed');
    const runs = new Set([before]);
    for (let i = 0; i < 60 && runs.size === 1; i++) {
      await stack.concerns
        .decide(o.ref, 'intervene', { ...ana, kind: 'desktop-review', summary: `check ${i}` })
        .catch(() => undefined);
      runs.add((await stack.client.workflow.getHandle(concernWorkflowId(o.ref)).describe()).runId);
    }
    expect(runs.size).toBeGreaterThan(1);
    const after = await stack.concerns.decide(o.ref, 'rate', {
      ...ana,
      likelihood: 2,
      impact: 2,
      rationale: 'receding',
    });
    expect(after.risk.score).toBe(4);
    stack.config = { ...stack.config, policy: { ...stack.config.policy, continueAsNewAfterEvents: 5000 } };
  });
});

describe('contacts and text from outside', () => {
  it("refuses concern contacts for any role but the provider's local ones, in isf and in the workflow", async () => {
    const env = { ...service.env, ISF_ACTOR: 'ana.quality' };
    const ref = freshRef('C');
    const args = [
      'open',
      '--ref',
      ref,
      '--title',
      'T',
      '--region',
      'london',
      '--provider',
      'barts',
      '--site',
      'S',
      '--profession',
      'nursing',
      '--learners',
      '3',
      '--source',
      'complaint',
      '--likelihood',
      '2',
      '--impact',
      '2',
      '--category',
      '1',
      '--rationale',
      'r',
    ];
    // The regulator has no contact list at all (its addresses come by profession).
    const regulator = await isf([...args, '--contact', 'regulator=attacker@example.org'], env);
    expect([regulator.code, regulator.stderr.trim()]).toEqual([1, "isf: contacts: unknown field 'regulator'"]);
    for (const role of [
      'provider-chief-executive',
      'provider-chair',
      'regional-head-of-quality',
      'jsog',
      'hee-executive',
    ]) {
      const ran = await isf([...args, '--contact', `${role}=attacker@example.org`], env);
      expect([ran.code, ran.stderr.trim()]).toEqual([
        1,
        `isf: contacts: ${role} is not one of the provider's local roles (head-of-school, training-programme-director, programme-lead, practice-placement-lead, local-quality-lead, education-training-lead, educators, affected-learners, provider-education-quality-lead); its addresses come from the configuration only`,
      ]);
    }
    const ok = await isf([...args, '--contact', 'educators=ward-educators@barts.example.org'], env);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    // Past the admin script, signed and started directly, the workflow refuses it too.
    const o = {
      ...opening({ contacts: { 'provider-chief-executive': ['attacker@example.org'] } }),
      requestId: 'direct',
    };
    const started = await stack.client.workflow.start('concern', {
      workflowId: concernWorkflowId(o.ref),
      taskQueue: 'isf-concerns',
      args: [{ kind: 'new', opening: signed(o.ref, 'open', o, o.actor) }],
    });
    await expect(started.result()).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(
          /^opening refused: contacts: provider-chief-executive is not one of the provider's local roles/,
        ) as unknown,
      },
    });
  });

  it('refuses control characters other than newline and tab, and strips them from what it shows', async () => {
    const o = opening({ rationale: 'line one\n\tindented' });
    await stack.concerns.open(o);
    await expect(
      stack.concerns.decide(o.ref, 'confirm', { ...ben, rationale: 'fine\u001b[2J\u001b[Hcleared' }),
    ).rejects.toThrow('rationale: must not contain control characters (U+001B at position 5)');
    await expect(stack.concerns.open(opening({ title: 'C1 \u009b control' }))).rejects.toThrow(
      'title: must not contain control characters (U+009B at position 4)',
    );
    // Sent past the admin script, refused at admission by the workflow all the same.
    const raw = await stack.client.workflow
      .getHandle(concernWorkflowId(o.ref))
      .executeUpdate('confirm', { args: [{ ...ben, rationale: 'a\u0007bell', requestId: 'bell' }] })
      .then(
        () => 'accepted',
        (e: Error) => (e.cause as Error).message,
      );
    expect(raw).toBe('rationale: must not contain control characters (U+0007 at position 2)');
    const shown = await isf(['show', o.ref], { ...service.env, ISF_ACTOR: 'ana.quality' });
    expect(shown.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(shown.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('writes the governance pack for its owner alone', async () => {
    const out = join(work, 'pack.html');
    writeFileSync(out, 'old', { mode: 0o644 });
    const ran = await isf(['report', '--out', out], { ...service.env, ISF_ACTOR: 'ana.quality' });
    expect(ran.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toContain('<html');
  });
});
