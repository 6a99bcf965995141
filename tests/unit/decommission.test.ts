// Category 4 ends "unless training posts are decommissioned", as pure rules: proposed with
// triangulated evidence, confirmed by regional governance and signed off nationally; the concern
// then closes with outcome `decommissioned`. Other closures are `resolved`. (On the dev server:
// tests/decommission.test.ts.)
import { formatState } from '../../client/format';
import { historyLines } from '../../text/history';
import { decide, openConcern } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { outcomeOf } from '../../concern/state-words';
import { stakeholdersFor } from '../../policy';
import { buildPack } from '../../reports/pack';
import { DEFAULT_POLICY } from '../../config/settings';
import { accepted, context, opening, RECOVERY, refusal, TRIANGULATED, URGENT, WAIVER } from '../support/fixtures';

const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };
const nia = { actor: 'nia.national' };

const ok = accepted;

function suspended(): ConcernState {
  let s = ok(openConcern(opening({ category: 3 }), context()));
  s = ok(decide(s, 'confirm', { ...ben, ...RECOVERY }, context()));
  s = ok(
    decide(s, 'propose', { ...ana, category: 4, ...URGENT, rationale: 'unsafe', evidence: TRIANGULATED }, context()),
  );
  s = ok(decide(s, 'confirm', ben, context()));
  return ok(decide(s, 'sign-off', { ...nia, ...WAIVER, approve: true, rationale: 'agreed' }, context()));
}

describe('decommissioning, as rules', () => {
  it('is proposed only at category 4, with triangulated evidence, and waits for regional then national decisions', () => {
    const at3 = ok(
      decide(ok(openConcern(opening({ category: 3 }), context())), 'confirm', { ...ben, ...RECOVERY }, context()),
    );
    expect(refusal(decide(at3, 'decommission', { ...ana, rationale: 'x', evidence: TRIANGULATED }, context()))).toMatch(
      /is at category 3: only a category-4 concern/,
    );
    const s = suspended();
    expect(
      refusal(
        decide(s, 'decommission', { ...ana, rationale: 'posts withdrawn', evidence: [TRIANGULATED[0]] }, context()),
      ),
    ).toBe(
      'evidence: decommissioning, a move out of category 4, needs triangulated evidence: at least two items of different kinds; only learner-survey given',
    );
    const proposed = ok(
      decide(s, 'decommission', { ...ana, rationale: 'posts withdrawn', evidence: TRIANGULATED }, context()),
    );
    expect(proposed).toMatchObject({
      category: 4,
      stage: 'awaiting-governance',
      trainingSuspended: true,
      pending: { decommission: true, nationalSignOff: true, evidence: TRIANGULATED },
    });
    expect(refusal(decide(proposed, 'sign-off', { ...nia, approve: true, rationale: 'x' }, context()))).toMatch(
      /regional governance has not yet confirmed the proposal/,
    );
    expect(
      refusal(decide(proposed, 'propose', { ...ana, category: 3, rationale: 'x', evidence: TRIANGULATED }, context())),
    ).toBe(
      'a proposal of decommissioning by ana.quality is awaiting regional governance confirmation and must be decided first',
    );
    const confirmed = ok(decide(proposed, 'confirm', ben, context()));
    expect(confirmed.stage).toBe('awaiting-national-sign-off');

    // Declined: category 4 and the suspension stand.
    expect(
      ok(decide(confirmed, 'sign-off', { ...nia, approve: false, rationale: 'recovery still possible' }, context())),
    ).toMatchObject({ category: 4, stage: 'open', pending: null, trainingSuspended: true });

    // Signed off: the concern closes, decommissioned; no lead agency is asked for.
    const result = decide(
      confirmed,
      'sign-off',
      { ...nia, approve: true, rationale: 'posts withdrawn by the deanery' },
      context(),
    );
    const closed = ok(result);
    expect(closed).toMatchObject({
      stage: 'closed',
      outcome: 'decommissioned',
      trainingSuspended: false,
      pending: null,
      registers: { national: false },
    });
    expect(outcomeOf(closed)).toBe('decommissioned');
    const notices = result.ok ? result.notices : [];
    expect(notices.find((n) => n.event === 'decommissioned')).toMatchObject({
      roles: stakeholdersFor(4),
      category: 4,
      rationale: 'posts withdrawn',
    });
    expect(notices.map((n) => n.event)).toEqual(['decommissioned', 'register-change']);
  });

  it('closes other concerns as resolved, and reads concerns closed before outcomes were recorded as resolved', () => {
    let s = ok(openConcern(opening({ category: 1, likelihood: 1, impact: 2 }), context()));
    s = ok(decide(s, 'confirm', ben, context()));
    const closed = ok(decide(s, 'close', { ...ana, rationale: 'resolved at the visit' }, context()));
    expect(closed.outcome).toBe('resolved');
    expect(outcomeOf({ stage: closed.stage })).toBe('resolved');
    expect(outcomeOf(s)).toBeNull();
  });

  it('reads plainly in isf show, isf history and the governance pack', () => {
    let s = ok(
      decide(
        suspended(),
        'decommission',
        { ...ana, rationale: 'posts withdrawn', evidence: TRIANGULATED },
        context('2026-12-01T09:00:00.000Z'),
      ),
    );
    expect(formatState(s)).toMatch(/Pending\s+decommissioning the training posts, awaiting-governance/);
    s = ok(decide(s, 'confirm', ben, context('2026-12-02T09:00:00.000Z')));
    s = ok(
      decide(
        s,
        'sign-off',
        { ...nia, approve: true, rationale: 'posts withdrawn by the deanery' },
        context('2026-12-03T09:00:00.000Z'),
      ),
    );
    expect(formatState(s)).toMatch(/Stage\s+closed .* · decommissioned/);
    expect(historyLines(s).slice(-3)).toEqual([
      expect.stringContaining(
        'proposed ending category 4 by decommissioning the training posts, which needs regional governance confirmation and national sign-off: posts withdrawn. Evidence — learner survey:',
      ),
      expect.stringContaining(
        'confirmed the proposal to decommission the training posts for regional governance, passing it to national scrutiny',
      ),
      expect.stringContaining(
        'approved decommissioning the training posts at national level; the concern closed: posts withdrawn by the deanery',
      ),
    ]);
    const pack = buildPack([s], {
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-31T00:00:00.000Z',
      policy: DEFAULT_POLICY,
    });
    expect(pack.movements.at(-1)).toMatchObject({ kind: 'decommissioned', from: 4, to: null, evidence: TRIANGULATED });
  });
});
