// Monitoring as pure rules: which clocks a concern keeps, how decisions re-plan them, what each
// sends, the action plan and the reinstatement rule. Times are explicit; no Temporal here.
import { clocksOf, deadlinesOf, fireClock, nextClock, stillFired } from '../../concern/clocks';
import { decide, openConcern, type DecisionContext } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { after } from '../../config/durations';
import { reinstatementReviewsNeeded } from '../../policy';
import { accepted, context, opening, RECOVERY, refusal, TRIANGULATED, URGENT } from '../support/fixtures';

const T0 = '2026-01-05T09:00:00.000Z';
const at = (days: number) => after(T0, `${days} days`);
const ctx = (days = 0): DecisionContext => context(at(days));

const ok = accepted;
const policy = context().policy;
const ana = { actor: 'ana.quality' };

function opened(overrides = {}): ConcernState {
  return ok(openConcern(opening(overrides), ctx(0)));
}

describe('clocks of a new concern', () => {
  it('starts the review, response, plan and confirmation clocks when category 2 takes effect', () => {
    const s = opened();
    expect(s).toMatchObject({
      nextReviewDue: at(30),
      respondBy: at(7),
      planDue: at(28),
      planAgreed: false,
      insufficientProgress: false,
    });
    expect(clocksOf(s, policy).map((c) => [c.event, c.at])).toEqual([
      ['response-overdue', at(7)],
      ['review-reminder', at(23)],
      ['plan-overdue', at(28)],
      ['confirmation-reminder', at(30)],
      ['review-overdue', at(37)],
    ]);
    expect(deadlinesOf(s, policy).map((d) => d.kind)).toEqual(['response', 'plan', 'review', 'confirmation']);
  });

  it('keeps no review clock at category 0, and at category 1 a slower review clock and no response clock: HEE intervenes from 2', () => {
    expect(opened({ category: 0 })).toMatchObject({ nextReviewDue: null, respondBy: null, planDue: null });
    expect(opened({ category: 1 })).toMatchObject({ nextReviewDue: at(91), respondBy: null, planDue: null });
  });

  it('kept the response clock at category 1 in runs started before the guide rules', () => {
    expect(ok(openConcern(opening({ category: 1 }), { ...ctx(0), guide: false }))).toMatchObject({ respondBy: at(28) });
  });
});

describe('re-planning', () => {
  const confirmed = () => ok(decide(opened(), 'confirm', { actor: 'ben.governance' }, ctx(1)));

  it('sets the next review from a recorded review, and drops the old clocks', () => {
    const s = ok(decide(confirmed(), 'review', { ...ana, outcome: 'no-change', summary: 'visit' }, ctx(10)));
    expect(s.nextReviewDue).toBe(at(40));
    expect(s.reviews).toEqual([
      { at: at(10), by: 'ana.quality', outcome: 'no-change', summary: 'visit', evidence: [] },
    ]);
    const reviewClocks = clocksOf(s, policy).filter((c) => c.event.startsWith('review'));
    expect(reviewClocks.map((c) => c.at)).toEqual([at(33), at(47)]);
    expect(stillFired(s, policy, [`review-reminder::${at(30)}`])).toEqual([]);
  });

  it('restarts the clocks when a category takes effect: a rise restarts the response clock too', () => {
    const s = ok(
      decide(confirmed(), 'propose', { evidence: TRIANGULATED, ...ana, category: 3, rationale: 'worse' }, ctx(5)),
    );
    expect(s).toMatchObject({ nextReviewDue: at(19), respondBy: at(12), planDue: at(28) });
    const down = ok(
      decide(
        ok(decide(s, 'confirm', { actor: 'ben.governance', ...RECOVERY }, ctx(6))),
        'propose',
        { evidence: TRIANGULATED, ...ana, category: 1, rationale: 'better' },
        ctx(8),
      ),
    );
    expect(down).toMatchObject({ nextReviewDue: at(99), respondBy: at(12), planDue: null });
  });

  it('stops the response clock when an intervention is logged', () => {
    const s = ok(
      decide(
        confirmed(),
        'intervene',
        { ...ana, kind: 'urgent-risk-review', summary: 'visited the department' },
        ctx(3),
      ),
    );
    expect(s.respondBy).toBeNull();
    expect(s.interventions).toEqual([
      { at: at(3), by: 'ana.quality', kind: 'urgent-risk-review', summary: 'visited the department' },
    ]);
    expect(clocksOf(s, policy).some((c) => c.event === 'response-overdue')).toBe(false);
  });

  it('keeps a governance clock only while a decision is pending', () => {
    const s = confirmed();
    expect(clocksOf(s, policy).some((c) => c.event === 'confirmation-reminder')).toBe(false);
    const to4 = ok(
      decide(
        ok(
          decide(
            ok(decide(s, 'propose', { evidence: TRIANGULATED, ...ana, category: 3, rationale: 'x' }, ctx(2))),
            'confirm',
            { actor: 'ben.governance', ...RECOVERY },
            ctx(2),
          ),
        ),
        'propose',
        { evidence: TRIANGULATED, ...ana, category: 4, ...URGENT, rationale: 'x' },
        ctx(3),
      ),
    );
    const awaiting = ok(decide(to4, 'confirm', { actor: 'ben.governance' }, ctx(4)));
    expect(
      clocksOf(awaiting, policy)
        .filter((c) => c.event.endsWith('reminder') && !c.event.startsWith('review'))
        .map((c) => [c.event, c.at]),
    ).toEqual([['sign-off-reminder', at(18)]]);
  });

  it('keeps no clock once the concern is closed', () => {
    let s = ok(
      decide(opened({ category: 1, likelihood: 1, impact: 1 }), 'confirm', { actor: 'ben.governance' }, ctx(1)),
    );
    s = ok(decide(s, 'close', { ...ana, rationale: 'resolved' }, ctx(2)));
    expect([s.nextReviewDue, s.respondBy, s.planDue, clocksOf(s, policy)]).toEqual([null, null, null, []]);
  });
});

describe('what clocks send', () => {
  it('reminds the quality team and head of school of a review, nationally at 3 and 4, and adds the head of quality when overdue', () => {
    const s = opened({ category: 3 });
    const reminder = clocksOf(s, policy).find((c) => c.event === 'review-reminder')!;
    expect(fireClock(s, reminder).notice).toMatchObject({
      event: 'review-reminder',
      roles: ['quality-team', 'head-of-school', 'jsog'],
      due: at(14),
    });
    const overdue = clocksOf(s, policy).find((c) => c.event === 'review-overdue')!;
    expect(fireClock(s, overdue).notice.roles).toEqual([
      'quality-team',
      'head-of-school',
      'jsog',
      'regional-head-of-quality',
    ]);
  });

  it('marks insufficient progress when an objective passes its date undone, and tells its owner', () => {
    let s = ok(
      decide(
        opened(),
        'plan-add',
        {
          ...ana,
          objective: 'Fill the night rota gaps',
          owner: 'dme@barts.example.org',
          due: '2026-02-20',
          measure: 'No unfilled shifts for 4 weeks',
        },
        ctx(1),
      ),
    );
    expect(s.objectives[0]).toMatchObject({ id: 1, due: '2026-02-20T23:59:59.999Z', done: false, completion: null });
    const clocks = clocksOf(s, policy).filter((c) => c.objective === 1);
    expect(clocks.map((c) => [c.event, c.at])).toEqual([
      ['objective-reminder', '2026-02-13T23:59:59.999Z'],
      ['objective-overdue', '2026-02-20T23:59:59.999Z'],
    ]);
    const fired = fireClock(s, clocks[1]);
    expect(fired.state.insufficientProgress).toBe(true);
    expect(fired.notice).toMatchObject({
      roles: ['objective-owner', 'regional-head-of-quality'],
      contacts: { 'objective-owner': ['dme@barts.example.org'] },
    });
    s = ok(decide(fired.state, 'plan-done', { ...ana, objective: 1, evidence: 'rota for March attached' }, ctx(50)));
    expect(s).toMatchObject({
      insufficientProgress: false,
      objectives: [{ done: true, completion: { by: 'ana.quality', evidence: 'rota for March attached' } }],
    });
    expect(clocksOf(s, policy).some((c) => c.objective === 1)).toBe(false);
  });

  it('fires the earliest clock not yet fired, once', () => {
    const s = opened();
    const first = nextClock(s, policy, [])!;
    expect(first.event).toBe('response-overdue');
    expect(nextClock(s, policy, [first.key])!.event).toBe('review-reminder');
  });
});

describe('the action plan', () => {
  const objective = {
    ...ana,
    objective: 'Run the rota review',
    owner: 'dme@barts.example.org',
    due: '2026-03-01',
    measure: 'Review signed off',
  };
  const agreedBy = 'Dr Dee Emm, Director of Medical Education';

  it("is for category 1 and above: at 1 the provider's self-directed plan, to be agreed in time as at 2", () => {
    const zero = opened({ category: 0 });
    expect(refusal(decide(zero, 'plan-add', objective, ctx(1)))).toBe(
      `action plans are for category 1 and above; ${zero.ref} is at category 0`,
    );
    const s = ok(decide(opened({ category: 1 }), 'plan-add', objective, ctx(1)));
    expect(s).toMatchObject({ planDue: at(29), objectives: [{ id: 1, owner: 'dme@barts.example.org' }] });
    expect(clocksOf(s, policy).find((c) => c.event === 'plan-overdue')?.at).toBe(at(29));
    expect(ok(decide(s, 'plan-agree', { ...ana, agreedBy }, ctx(2))).planDue).toBeNull();
    // Runs started before: plans from 2 only.
    expect(refusal(decide(opened({ category: 1 }), 'plan-add', objective, { ...ctx(1), guide: false }))).toMatch(
      /action plans are for category 2 and above/,
    );
  });

  it('ties an objective to the intervention whose recommendations it answers, one that was logged', () => {
    let s = opened();
    expect(refusal(decide(s, 'plan-add', { ...objective, answers: 1 }, ctx(1)))).toBe(
      `answers: ${s.ref} has no interventions logged; an objective answers one of them (1 to 0)`,
    );
    s = ok(
      decide(
        s,
        'intervene',
        { ...ana, kind: 'urgent-risk-review', summary: 'Risk review: rota and supervision' },
        ctx(1),
      ),
    );
    expect(refusal(decide(s, 'plan-add', { ...objective, answers: 2 }, ctx(1)))).toBe(
      `answers: ${s.ref} has 1 intervention logged; an objective answers one of them (1 to 1)`,
    );
    expect(refusal(decide(s, 'plan-add', { ...objective, answers: 0 }, ctx(1)))).toMatch(
      /^answers: must be a whole number from 1/,
    );
    expect(ok(decide(s, 'plan-add', { ...objective, answers: 1 }, ctx(1))).objectives[0]).toMatchObject({ answers: 1 });
  });

  it('refuses past dates, bad owners and bad dates with the field named', () => {
    const s = opened();
    const add = (o: object) =>
      refusal(
        decide(
          s,
          'plan-add',
          { ...ana, objective: 'x', owner: 'a@b.org', due: '2026-03-01', measure: 'm', ...o },
          ctx(1),
        ),
      );
    expect(add({ due: '2025-12-01' })).toBe('due: must be in the future (got 2025-12-01T23:59:59.999Z)');
    expect(add({ due: 'next week' })).toMatch(/^due: must be an ISO date \(2026-12-31\) or date-time/);
    expect(add({ owner: 'the DME' })).toMatch(/^owner: must be an email address/);
    expect(refusal(decide(s, 'plan-agree', ana, ctx(1)))).toMatch(/has no open objective: add one first/);
    expect(refusal(decide(s, 'plan-done', { ...ana, objective: 3, evidence: 'x' }, ctx(1)))).toMatch(
      /^objective: .* has no objective 3 \(it has none\)/,
    );
  });

  it('stops the plan clock once agreed, recording who agreed it at the provider, which it needs', () => {
    let s = ok(
      decide(
        opened(),
        'plan-add',
        { ...ana, objective: 'x', owner: 'a@b.org', due: '2026-03-01', measure: 'm' },
        ctx(1),
      ),
    );
    expect(refusal(decide(s, 'plan-agree', ana, ctx(2)))).toBe(
      'agreed-by: say who agreed the plan at the provider (--agreed-by "NAME, ROLE")',
    );
    s = ok(decide(s, 'plan-agree', { ...ana, agreedBy }, ctx(2)));
    expect(s).toMatchObject({ planAgreed: true, planAgreedAt: at(2), planAgreedBy: agreedBy, planDue: null });
    expect(s.audit.at(-1)).toMatchObject({ action: 'plan-agree', agreedBy });
    expect(refusal(decide(s, 'plan-agree', { ...ana, agreedBy }, ctx(3)))).toMatch(/already agreed/);
  });
});

describe('reviews', () => {
  it('advise escalation when deteriorating at category 1 or 2; at 3 the outcome goes out nationally instead', () => {
    const advise = (category: 1 | 2 | 3) => {
      const outcome = decide(
        opened({ category }),
        'review',
        { ...ana, outcome: 'deteriorating', summary: 'worse' },
        ctx(5),
      );
      if (!outcome.ok) throw new Error(outcome.reason);
      return outcome.notices.map((n) => n.event);
    };
    expect(advise(1)).toEqual(['escalation-advised']);
    expect(advise(2)).toEqual(['escalation-advised']);
    expect(advise(3)).toEqual(['review-outcome']);
  });

  it('are refused at category 0 and with an unknown outcome', () => {
    expect(
      refusal(decide(opened({ category: 0 }), 'review', { ...ana, outcome: 'improving', summary: 'x' }, ctx(1))),
    ).toMatch(/no monitoring reviews at category 0/);
    expect(refusal(decide(opened(), 'review', { ...ana, outcome: 'better', summary: 'x' }, ctx(1)))).toMatch(
      /^outcome: must be one of improving, no-change, deteriorating \(got 'better'\)/,
    );
  });
});

describe('reinstatement from category 4', () => {
  it('counts the improving reviews with evidence at the end of the run', () => {
    const r = (outcome: 'improving' | 'no-change', evidence = ['feedback']) => ({ outcome, evidence });
    expect(reinstatementReviewsNeeded([], 2)).toBe(2);
    expect(reinstatementReviewsNeeded([r('improving')], 2)).toBe(1);
    expect(reinstatementReviewsNeeded([r('improving'), r('improving')], 2)).toBe(0);
    expect(reinstatementReviewsNeeded([r('improving'), r('improving'), r('no-change')], 2)).toBe(2);
    expect(reinstatementReviewsNeeded([r('improving'), r('improving', [])], 2)).toBe(2);
  });
});
