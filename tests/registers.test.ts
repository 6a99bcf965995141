// Registers, reports and the operator's view against the dev server: the register from the read
// model at the score boundary and for categories 3 and 4, its CSV through a CSV parser, the
// pack read from live and closed concerns, the raiser's mail, and what the Temporal UI shows.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { parse } from 'csv-parse/sync';
import type { RegisterRow } from '../api/schemas';
import { REGISTER_COLUMNS, neutralise, registerCsv } from '../client/register-csv';
import { listConcerns, registerRows, registerRowsAt } from '../reads/listing';
import { rebuildReadModel } from '../reads/rebuild';
import type { ConcernState } from '../concern/state';
import { before } from '../config/durations';
import { buildPack } from '../reports/pack';
import { loadConcerns } from '../reports/load';
import { concernWorkflowId } from '../workflows/names';
import { opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from './support/fixtures';
import { startStack, type TestStack } from './support/stack';
import { eventually } from './support/eventually';
import { bundleWorkflows } from './support/temporal';

let stack: TestStack;
let bundle: WorkflowBundleWithSourceMap;
const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('dev server', bundle);
});
afterAll(() => stack?.stop());

async function open(overrides: Record<string, unknown>): Promise<ConcernState> {
  const o = opening(overrides);
  await stack.concerns.open(o);
  return stack.concerns.decide(o.ref, 'confirm', {
    actor: overrides.region === 'midlands' ? 'mia.governance' : 'ben.governance',
    ...(o.category === 3 ? RECOVERY : {}),
  });
}

describe('the registers', () => {
  const refs: Record<string, string> = {};
  let rows: RegisterRow[];
  /** Before any of these concerns opened; and while the category-4 concern was still at 3. */
  const moments: Record<'before' | 'fourAtThree', string> = { before: '', fourAtThree: '' };

  beforeAll(async () => {
    moments.before = new Date().toISOString();
    refs.ten = (await open({ likelihood: 2, impact: 5 })).ref; // 10: off
    refs.twelve = (await open({ likelihood: 4, impact: 3, site: '=HYPERLINK("http://evil.example")' })).ref; // 12: on
    refs.three = (await open({ category: 3, likelihood: 1, impact: 2 })).ref; // category 3: on
    const four = await open({ category: 3, likelihood: 1, impact: 1 });
    moments.fourAtThree = new Date().toISOString();
    await stack.concerns.decide(four.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'x',
    });
    await stack.concerns.decide(four.ref, 'confirm', ben);
    await stack.concerns.decide(four.ref, 'sign-off', {
      ...WAIVER,
      actor: 'nia.national',
      approve: true,
      rationale: 'x',
    });
    refs.four = four.ref; // category 4: on
    refs.midlands = (
      await open({ region: 'midlands', provider: 'uhb', actor: 'omar.quality', likelihood: 5, impact: 5 })
    ).ref;
    rows = await eventually(
      () => registerRows(stack, undefined, stack.config.policy, new Date()),
      (r) => r.length >= 4 && r.some((x) => x.ref === refs.four && x.category === 4),
    );
  });

  it('holds concerns rated 12 or more and every concern at category 3 or 4, not one rated 10', () => {
    const on = rows.map((r) => r.ref);
    expect(on).toEqual(expect.arrayContaining([refs.twelve, refs.three, refs.four, refs.midlands]));
    expect(on).not.toContain(refs.ten);
  });

  it('gives each row what the register needs, from visibility alone', () => {
    const four = rows.find((r) => r.ref === refs.four)!;
    expect(four).toMatchObject({
      provider: 'barts',
      region: 'london',
      category: 4,
      categoryStatus: 'confirmed',
      riskScore: 1,
      riskBand: 'low',
      stage: 'open',
      daysSinceCategory: 0,
      reviewOverdue: false,
      overdueObjectives: 0,
    });
    expect(four.site).toBe('Royal London Hospital, Emergency Department');
    expect(Date.parse(four.nextReviewDue!)).toBeGreaterThan(Date.now());
    expect(rows.find((r) => r.ref === refs.midlands)).toMatchObject({ riskScore: 25, riskBand: 'extreme' });
  });

  it("reads a region's register alone", async () => {
    const london = await registerRows(stack, ['london'], stack.config.policy, new Date());
    expect(london.every((r) => r.region === 'london')).toBe(true);
    expect(london.map((r) => r.ref)).not.toContain(refs.midlands);
  });

  it('names the lead agency and owner from category 3, on the register and in isf list', async () => {
    const three = rows.find((r) => r.ref === refs.three)!;
    expect([three.leadAgency, three.owner]).toEqual([RECOVERY.leadAgency, RECOVERY.owner]);
    expect(rows.find((r) => r.ref === refs.twelve)).toMatchObject({ leadAgency: null, owner: null });
    const listed = await listConcerns(stack);
    expect(listed.find((l) => l.ref === refs.three)).toMatchObject(RECOVERY);
  });

  it('lists the register as it stood at the end of a past moment, from the audit trails', async () => {
    const policy = stack.config.policy;
    const then = await registerRowsAt(stack, undefined, policy, moments.fourAtThree);
    expect(then.find((r) => r.ref === refs.four)).toMatchObject({
      category: 3,
      categoryStatus: 'confirmed',
      stage: '',
    });
    expect(then.map((r) => r.ref)).toEqual(expect.arrayContaining([refs.twelve, refs.three]));
    expect(then.map((r) => r.ref)).not.toContain(refs.midlands); // opened later
    expect(then.map((r) => r.ref)).not.toContain(refs.ten); // never on it
    const before = await registerRowsAt(stack, undefined, policy, moments.before);
    expect(before.map((r) => r.ref).filter((r) => Object.values(refs).includes(r))).toEqual([]);
    // Now, the same concern is at 4.
    expect(rows.find((r) => r.ref === refs.four)).toMatchObject({ category: 4 });
  });

  it('rebuilds the read model from the workflows: dropped, rebuilt, every row equal', async () => {
    const all = async () =>
      [...(await stack.readModel.states({ closed: true })).values()].sort((a, b) => a.ref.localeCompare(b.ref));
    const kept = await all();
    expect(kept.length).toBeGreaterThanOrEqual(5);
    await stack.readModel.store.clear();
    expect(await all()).toEqual([]);
    const rebuilt = await rebuildReadModel(stack.client, stack.readModel);
    expect(rebuilt).toMatchObject({ concerns: kept.length, removed: [], unreadable: [] });
    expect(await all()).toEqual(kept);
    // A row of a concern Temporal does not have goes.
    await stack.readModel.record({ ...kept[0], ref: 'GONE-1' }, 1);
    expect((await rebuildReadModel(stack.client, stack.readModel)).removed).toEqual(['GONE-1']);
    expect(await all()).toEqual(kept);
  });

  it('writes CSV that a CSV parser reads back: UTF-8 with a BOM, a header row, quoted fields, no formulas', () => {
    const csv = registerCsv(rows);
    expect(csv.startsWith('\ufeff"ref","provider","site"')).toBe(true);
    const parsed = parse<Record<string, string>>(csv, { bom: true, columns: true });
    expect(Object.keys(parsed[0])).toEqual(REGISTER_COLUMNS);
    expect(parsed).toHaveLength(rows.length);
    const twelve = parsed.find((r) => r.ref === refs.twelve)!;
    expect(twelve.site).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(twelve.riskScore).toBe('12');
    expect(twelve.reviewOverdue).toBe('no');
    expect(neutralise('-1+1')).toBe("'-1+1");
    expect(neutralise('Ward 7')).toBe('Ward 7');
  });
});

describe('the governance pack from live and closed concerns', () => {
  it('reads every concern of the period, closed ones from their result, and charts those at 2 or above', async () => {
    const open2 = await open({ ref: `PK-${Date.now()}-A` });
    const closing = await open({ ref: `PK-${Date.now()}-B`, category: 1, likelihood: 1, impact: 1 });
    await stack.concerns.decide(closing.ref, 'close', { ...ana, rationale: 'done' });
    const to = new Date(Date.now() + 1000).toISOString();
    const from = before(to, '1 day');
    const states = await eventually(
      () => loadConcerns(stack, { regions: ['london'], from, to }),
      (s) => s.some((x) => x.ref === closing.ref && x.stage === 'closed'),
    );
    expect(states.map((s) => s.ref)).toEqual(expect.arrayContaining([open2.ref, closing.ref]));
    const pack = buildPack(states, { from, to, region: 'london', policy: stack.config.policy });
    expect(pack.trends.map((t) => t.state.ref)).toContain(open2.ref);
    expect(pack.movements.filter((m) => m.ref === closing.ref).map((m) => m.kind)).toEqual(['new', 'closed']);
  });
});

describe('telling the person who raised it', () => {
  it('tells them, in plain words and nothing more, when it is categorised, changes category and closes', async () => {
    const o = opening({
      raisedBy: 'f1.doctor@nhs.example.org',
      category: 2,
      rationale: 'INTERNAL: consultant X named in complaint',
    });
    await stack.concerns.open(o);
    await stack.concerns.decide(o.ref, 'confirm', ben);
    await stack.concerns.decide(o.ref, 'rate', { ...ana, likelihood: 2, impact: 2, rationale: 'INTERNAL rating note' });
    await stack.concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 1,
      rationale: 'INTERNAL: plan delivered by X',
    });
    await stack.concerns.decide(o.ref, 'confirm', ben);
    await stack.concerns.decide(o.ref, 'close', { ...ana, rationale: 'INTERNAL closing note' });
    const mails = await stack.inbox.waitFor(o.ref, 'raiser-update', 3);
    expect(mails.map((m) => m.recipients)).toEqual([
      ['f1.doctor@nhs.example.org'],
      ['f1.doctor@nhs.example.org'],
      ['f1.doctor@nhs.example.org'],
    ]);
    expect(mails.map((m) => m.subject)).toEqual([
      `Your concern ${o.ref}: now category 2 (Significant concerns)`,
      `Your concern ${o.ref}: now category 1 (Minor concerns)`,
      `Your concern ${o.ref}: closed`,
    ]);
    for (const m of mails) {
      expect(m.text).not.toMatch(/INTERNAL|Ana|Ben|risk|likelihood|rationale/i);
      expect(m.text).toContain('Royal London Hospital, Emergency Department (Barts Health NHS Trust)');
    }
    expect(mails[0].text).toContain('It has been placed in category 2 of 0 to 4: significant concerns.');
    // The raiser's address is on the concern, never in its search attributes.
    const described = await stack.client.workflow.getHandle(concernWorkflowId(o.ref)).describe();
    expect(JSON.stringify(described.searchAttributes)).not.toContain('f1.doctor');
    expect(stack.inbox.for(o.ref).filter((m) => m.recipients.includes('f1.doctor@nhs.example.org'))).toHaveLength(3);
  });
});

describe('what operators see in the Temporal UI', () => {
  it('sets a summary and details that say what the concern is, and current details that say where it stands', async () => {
    const s = await open({ category: 3, likelihood: 4, impact: 4 });
    const handle = stack.client.workflow.getHandle(concernWorkflowId(s.ref));
    const described = await handle.describe();
    expect(await described.staticSummary()).toBe(
      `${s.ref}: Royal London Hospital, Emergency Department (barts, london)`,
    );
    expect(await described.staticDetails()).toContain('**Foundation doctors unsupervised on night shifts**');
    const metadata = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**Category 3 — Major concerns** (confirmed since');
    expect(metadata.currentDetails).toContain(
      'Risk 16 (extreme): likelihood 4 × impact 4 · on the regional and national risk registers',
    );
    expect(metadata.currentDetails).toMatch(/Due: first intervention: \d{4}-\d\d-\d\d/);
  });
});
