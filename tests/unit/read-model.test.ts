// The read model without a server: a real SQLite file, the payload codec sealing each state, and a
// concern's standing at a past date from its trail.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createReadModelActivities } from '../../activities/read-model';
import { AesGcmCodec } from '../../codec/aes-gcm';
import { standingAt } from '../../concern/at-date';
import { decide, openConcern, type Outcome } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { after } from '../../config/durations';
import { registerAt } from '../../reads/listing';
import { ReadModel } from '../../reads/model';
import { sqliteStore } from '../../reads/sqlite';
import { context, exampleConfig, opening, RECOVERY, TRIANGULATED } from '../support/fixtures';

const T0 = '2026-01-05T09:00:00.000Z';
const day = (n: number) => after(T0, `${n} days`);
const ok = (o: Outcome): ConcernState => {
  if (!o.ok) throw new Error(o.reason);
  return o.state;
};
const policy = exampleConfig.policy;

/** Opened at 2 rated 9 on day 0, raised to 3 on day 10 (confirmed day 11), re-rated 4 × 4 on day 20. */
function escalated(ref = 'RM-1'): ConcernState {
  let s = ok(openConcern(opening({ ref, likelihood: 3, impact: 3 }), context(day(0))));
  s = ok(decide(s, 'confirm', { actor: 'ben.governance' }, context(day(0))));
  s = ok(
    decide(
      s,
      'propose',
      { evidence: TRIANGULATED, actor: 'ana.quality', category: 3, rationale: 'worse' },
      context(day(10)),
    ),
  );
  s = ok(decide(s, 'confirm', { actor: 'ben.governance', ...RECOVERY }, context(day(11))));
  return ok(
    decide(s, 'rate', { actor: 'ana.quality', likelihood: 4, impact: 4, rationale: 'worse still' }, context(day(20))),
  );
}

describe('a concern at a past date, from its audit trail', () => {
  const s = escalated();

  it('tells the category, its status and since when, the rating and the registers of any day', () => {
    expect(standingAt(s, day(-1), 12)).toBeNull();
    expect(standingAt(s, after(day(5), '1 hour'), 12)).toMatchObject({
      category: 2,
      status: 'confirmed',
      since: day(0),
      risk: { score: 9 },
      onRegisters: false,
    });
    expect(standingAt(s, after(day(10), '1 hour'), 12)).toMatchObject({
      category: 3,
      status: 'provisional',
      since: day(10),
      onRegisters: true,
    });
    // Confirming does not restart the time at 3; re-rating changes the rating only.
    expect(standingAt(s, after(day(25), '1 hour'), 12)).toMatchObject({
      category: 3,
      status: 'confirmed',
      since: day(10),
      risk: { likelihood: 4, impact: 4, score: 16 },
    });
  });

  it('lists the register of that day, with its own category and rating', () => {
    expect(registerAt([s], policy, after(day(5), '1 hour'))).toEqual([]);
    const [row] = registerAt([s], policy, after(day(15), '1 hour'));
    expect(row).toMatchObject({ ref: 'RM-1', category: 3, riskScore: 9, daysSinceCategory: 5, ...RECOVERY });
  });
});

describe('the read model in SQLite', () => {
  let dir: string;
  let model: ReadModel;
  const codec = new AesGcmCodec({ current: 'k1', keys: new Map([['k1', new Uint8Array(randomBytes(32))]]) });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'isf-read-model-'));
    model = new ReadModel(sqliteStore(join(dir, 'rm.sqlite')), [codec]);
  });
  afterEach(async () => {
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest version of each concern: idempotent, and an older one never replaces it', async () => {
    const s = escalated();
    const earlier = ok(openConcern(opening({ ref: 'RM-1' }), context(day(0))));
    await model.record(s, 200);
    await model.record(s, 200);
    await model.record(earlier, 100);
    expect([...(await model.states()).values()]).toEqual([s]);
    const newer = ok(
      decide(s, 'review', { actor: 'ana.quality', outcome: 'no-change', summary: 'x' }, context(day(30))),
    );
    await model.record(newer, 300);
    expect([...(await model.states()).values()]).toEqual([newer]);
  });

  it('stores each state sealed with the payload key, in a file its owner alone can read', async () => {
    await model.record(escalated(), 1);
    const file = join(dir, 'rm.sqlite');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await model.close();
    expect(readFileSync(file).includes(Buffer.from('dme@barts.example.org'))).toBe(false);
    model = new ReadModel(sqliteStore(file), [codec]);
    expect([...(await model.states()).values()].map((s) => s.ref)).toEqual(['RM-1']);
    // Without the key it reads nothing.
    const other = new AesGcmCodec({ current: 'k2', keys: new Map([['k2', new Uint8Array(randomBytes(32))]]) });
    const stranger = new ReadModel(sqliteStore(file), [other]);
    await expect(stranger.states()).rejects.toThrow(/not one of this system's keys/);
    await stranger.close();
  });

  it("leaves out a row whose state is another concern's, and closed concerns unless asked", async () => {
    const s = escalated('RM-2');
    await model.store.upsert({
      ref: 'RM-9',
      version: 1,
      region: s.region,
      closed: false,
      state: (await sealed(s)).state,
    });
    const closed = ok(openConcern(opening({ ref: 'RM-3', category: 1, likelihood: 1, impact: 1 }), context(day(0))));
    const shut = ok(
      decide(
        ok(decide(closed, 'confirm', { actor: 'ben.governance' }, context(day(0)))),
        'close',
        { actor: 'ana.quality', rationale: 'done' },
        context(day(1)),
      ),
    );
    await model.record(shut, 1);
    expect([...(await model.states()).values()]).toEqual([]);
    expect([...(await model.states({ closed: true })).keys()]).toEqual(['RM-3']);
  });

  async function sealed(s: ConcernState) {
    let row: { state: Uint8Array } | undefined;
    const capture = new ReadModel({ ...model.store, upsert: (r) => Promise.resolve(void (row = r)) }, [codec]);
    await capture.record(s, 1);
    return row!;
  }
});

describe('recordState, the activity a concern records its state with', () => {
  it("writes a concern's row only from that concern's own workflow (concern-<ref>)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isf-read-model-'));
    const model = new ReadModel(sqliteStore(join(dir, 'rm.sqlite')), []);
    try {
      const { recordState } = createReadModelActivities({ readModel: model });
      const s = escalated('RM-7');
      const as = (workflowId: string) => new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'r' } });
      // A run under another id holding a copy of the concern's state (an attacker's, or a replay).
      await as('concern-RM-8').run(recordState, { version: 1, state: s });
      await as('RM-7').run(recordState, { version: 1, state: s });
      expect([...(await model.states()).keys()]).toEqual([]);
      await as('concern-RM-7').run(recordState, { version: 1, state: s });
      expect([...(await model.states()).keys()]).toEqual(['RM-7']);
    } finally {
      await model.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
