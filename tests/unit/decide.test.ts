// The concern lifecycle as pure functions: every transition and every refusal, without Temporal.
import { decide, openConcern, type DecisionContext, type Notice, type Outcome } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { stakeholdersFor } from '../../policy';
import { context, opening, FEEDBACK, TRIANGULATED, RECOVERY, URGENT, WAIVER } from '../support/fixtures';

/** The example directory plus one person who sits on regional governance and national scrutiny. */
function ctx(now?: string): DecisionContext {
  const base = context(now);
  return {
    ...base,
    directory: {
      ...base.directory,
      users: [
        ...base.directory.users,
        {
          id: 'gail.both',
          name: 'Gail Both',
          roles: ['regional-governance', 'national-scrutiny'],
          regions: ['london'],
        },
      ],
    },
  };
}

function ok(outcome: Outcome): { state: ConcernState; notices: Notice[] } {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome;
}

function refusal(outcome: Outcome): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const events = (notices: Notice[]) => notices.map((n) => n.event);

function opened(overrides = {}): ConcernState {
  return ok(openConcern(opening(overrides), ctx())).state;
}

/** Opened at 2 and confirmed. */
function confirmedAt2(): ConcernState {
  return ok(decide(opened(), 'confirm', { actor: 'ben.governance' }, ctx())).state;
}

function at(category: 0 | 1 | 2 | 3, from = confirmedAt2()): ConcernState {
  const proposed = ok(
    decide(from, 'propose', { evidence: TRIANGULATED, actor: 'ana.quality', category, rationale: 'evidence' }, ctx()),
  ).state;
  return ok(decide(proposed, 'confirm', { actor: 'ben.governance', ...(category === 3 ? RECOVERY : {}) }, ctx())).state;
}

/** Into category 4 on the urgent route; out of it on sustained improvement (see improvingAfter). */
function signedOff(from: ConcernState, category: 0 | 1 | 2 | 3 | 4, now?: string): ConcernState {
  const into4 = category === 4;
  let s = ok(
    decide(
      from,
      'propose',
      {
        evidence: into4 ? TRIANGULATED : FEEDBACK,
        actor: 'ana.quality',
        category,
        rationale: 'evidence',
        ...(into4 ? URGENT : {}),
      },
      ctx(now),
    ),
  ).state;
  s = ok(decide(s, 'confirm', { actor: 'ben.governance' }, ctx(now))).state;
  return ok(
    decide(
      s,
      'sign-off',
      { ...RECOVERY, ...(into4 ? WAIVER : {}), actor: 'nia.national', approve: true, rationale: 'agreed' },
      ctx(now),
    ),
  ).state;
}

describe('opening', () => {
  it('takes effect at once, provisionally, and awaits regional governance', () => {
    const { state, notices } = ok(openConcern(opening({ likelihood: 2, impact: 3 }), ctx()));
    expect(state).toMatchObject({
      stage: 'awaiting-governance',
      category: 2,
      categoryStatus: 'provisional',
      lastConfirmedCategory: null,
      pending: { category: 2, stage: 'awaiting-governance', proposedBy: 'ana.quality', from: null },
      risk: { likelihood: 2, impact: 3, score: 6 },
      registers: { regional: false, national: false },
      trainingSuspended: false,
    });
    expect(state.audit).toEqual([
      expect.objectContaining({
        actor: 'ana.quality',
        role: 'quality-team',
        action: 'open',
        category: { from: null, to: 2, status: 'provisional' },
      }),
    ]);
    expect(events(notices)).toEqual(['category-changed']);
    expect(notices[0].roles).toEqual(stakeholdersFor(2));
  });

  it('puts a concern rated 12 on the registers and tells the register keepers', () => {
    const { state, notices } = ok(openConcern(opening({ likelihood: 4, impact: 3 }), ctx()));
    expect(state.registers).toEqual({ regional: true, national: true });
    expect(notices.find((n) => n.event === 'register-change')).toMatchObject({
      roles: ['regional-head-of-quality', 'jsog'],
      entered: true,
    });
  });

  it('flags a category-1 concern rated 12 or more and lists it all the same', () => {
    const state = opened({ category: 1, likelihood: 4, impact: 4 });
    expect(state.ratingCategoryMismatch).toBe(true);
    expect(state.registers.national).toBe(true);
  });

  it.each([
    ['category: 4', { category: 4 }, /cannot open at category 4/],
    ['category: 5', { category: 5 }, /^category: must be a whole number from 0 to 4 \(got 5\)/],
    ['likelihood: 6', { likelihood: 6 }, /^likelihood: must be a whole number from 1 to 5 \(got 6\)/],
    ['impact: high', { impact: 'high' }, /^impact: must be a whole number from 1 to 5 \(got 'high'\)/],
    ['an empty title', { title: '' }, /^title: must not be empty/],
    [
      'rationale: a rationale of 5000 characters',
      { rationale: 'x'.repeat(5000) },
      /^rationale: must be at most 4000 characters/,
    ],
    ['professions: [surgery]', { professions: ['surgery'] }, /^professions.0: must be one of medical-postgraduate/],
    ['ref: has space', { ref: 'has space' }, /^ref: must be 1 to 40 letters/],
    ['region: wales', { region: 'wales' }, /^region: unknown region 'wales'/],
    ['provider: nowhere', { provider: 'nowhere' }, /^provider: unknown provider 'nowhere'/],
    ['provider: uhb', { provider: 'uhb' }, /^provider: uhb is in midlands, not london/],
    ['actor: ben.governance', { actor: 'ben.governance' }, /ben.governance is not a quality-team user/],
    [
      'actor: omar.quality',
      { actor: 'omar.quality' },
      /omar.quality acts as quality-team for midlands, not for london/,
    ],
    ['actor: nobody', { actor: 'nobody' }, /^actor: unknown user 'nobody'/],
    ['extra: 1', { extra: 1 }, /unknown field 'extra'/],
  ])('refuses %s', (_label, overrides, reason) => {
    expect(refusal(openConcern(opening(overrides as object), ctx()))).toMatch(reason);
  });
});

describe('confirm and challenge', () => {
  it('confirms a provisional category: it becomes the last confirmed one', () => {
    const { state, notices } = ok(decide(opened(), 'confirm', { actor: 'ben.governance', rationale: 'agreed' }, ctx()));
    expect(state).toMatchObject({
      stage: 'open',
      category: 2,
      categoryStatus: 'confirmed',
      lastConfirmedCategory: 2,
      pending: null,
    });
    expect(state.audit.at(-1)).toMatchObject({
      action: 'confirm',
      role: 'regional-governance',
      category: { from: null, to: 2, status: 'confirmed' },
    });
    // Told when it settles: the category's stakeholders hear that it is confirmed.
    expect(notices).toEqual([
      { event: 'category-confirmed', roles: stakeholdersFor(2), category: 2, rationale: 'agreed', by: 'Ben Example' },
    ]);
  });

  it('refuses the proposer, even one who also sits on regional governance', () => {
    const mine = opened({ actor: 'hana.hoq' });
    expect(refusal(decide(mine, 'confirm', { actor: 'hana.hoq' }, ctx()))).toMatch(
      /hana.hoq proposed category 2; a different regional-governance member of london must confirm it/,
    );
    expect(refusal(decide(mine, 'challenge', { actor: 'hana.hoq', rationale: 'x' }, ctx()))).toMatch(
      /hana.hoq proposed/,
    );
  });

  it('refuses people without the role or the region', () => {
    const s = opened();
    expect(refusal(decide(s, 'confirm', { actor: 'ana.quality' }, ctx()))).toMatch(
      /ana.quality is not a regional-governance user/,
    );
    expect(refusal(decide(s, 'confirm', { actor: 'mia.governance' }, ctx()))).toMatch(/for midlands, not for london/);
    expect(refusal(decide(s, 'confirm', { actor: 'nia.national' }, ctx()))).toMatch(/not a regional-governance user/);
  });

  it('sends the notice of intention when category 3 is confirmed, to the chief executive and medical director', () => {
    const proposed = ok(
      decide(
        confirmedAt2(),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 3, rationale: 'no progress' },
        ctx(),
      ),
    );
    expect(events(proposed.notices)).toEqual(['category-changed', 'register-change']);
    expect(proposed.state).toMatchObject({ category: 3, categoryStatus: 'provisional', stage: 'awaiting-governance' });
    const confirmed = ok(decide(proposed.state, 'confirm', { actor: 'ben.governance', ...RECOVERY }, ctx()));
    expect(confirmed.notices).toEqual([
      expect.objectContaining({ event: 'category-confirmed', category: 3, roles: stakeholdersFor(3) }),
      expect.objectContaining({
        event: 'notice-of-intention',
        roles: ['provider-chief-executive', 'provider-medical-director'],
        endsAt: '2026-12-23T09:00:00.000Z',
      }),
    ]);
    expect(confirmed.state.noticeOfIntention).toEqual({
      givenAt: '2026-11-25T09:00:00.000Z',
      endsAt: '2026-12-23T09:00:00.000Z',
    });
  });

  it('restores the last confirmed category on a challenge, and tells both sets', () => {
    const proposed = ok(
      decide(
        confirmedAt2(),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 3, rationale: 'x' },
        ctx('2026-12-01T09:00:00.000Z'),
      ),
    ).state;
    const { state, notices } = ok(
      decide(
        proposed,
        'challenge',
        { actor: 'ben.governance', rationale: 'evidence not triangulated' },
        ctx('2026-12-02T09:00:00.000Z'),
      ),
    );
    expect(state).toMatchObject({
      category: 2,
      categoryStatus: 'confirmed',
      pending: null,
      stage: 'open',
      categorySince: '2026-12-02T09:00:00.000Z',
    });
    expect(notices[0]).toMatchObject({
      event: 'category-changed',
      from: 3,
      category: 2,
      cause: 'restored',
      roles: stakeholdersFor(3),
    });
    expect(events(notices)).toContain('register-change');
  });

  it('leaves a new concern provisional when its first category is challenged, until a new proposal is confirmed', () => {
    const { state, notices } = ok(
      decide(opened(), 'challenge', { actor: 'ben.governance', rationale: 'not enough evidence' }, ctx()),
    );
    expect(state).toMatchObject({
      category: 2,
      categoryStatus: 'provisional',
      pending: null,
      stage: 'open',
      lastConfirmedCategory: null,
    });
    expect(notices).toEqual([]);
    const again = ok(
      decide(
        state,
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 2, rationale: 'new evidence' },
        ctx(),
      ),
    ).state;
    expect(again.pending).toMatchObject({ category: 2 });
    expect(ok(decide(again, 'confirm', { actor: 'ben.governance' }, ctx())).state.categoryStatus).toBe('confirmed');
  });

  it('keeps one proposal pending at a time', () => {
    expect(
      refusal(
        decide(
          opened(),
          'propose',
          { evidence: TRIANGULATED, actor: 'ana.quality', category: 1, rationale: 'x' },
          ctx(),
        ),
      ),
    ).toMatch(/a proposal of category 2 by ana.quality is awaiting regional governance confirmation/);
  });

  it('refuses confirming or challenging when nothing is pending, and proposing the confirmed category again', () => {
    const s = confirmedAt2();
    expect(refusal(decide(s, 'confirm', { actor: 'ben.governance' }, ctx()))).toMatch(/no pending proposal/);
    expect(refusal(decide(s, 'challenge', { actor: 'ben.governance', rationale: 'x' }, ctx()))).toMatch(
      /no pending proposal/,
    );
    expect(
      refusal(
        decide(s, 'propose', { evidence: TRIANGULATED, actor: 'ana.quality', category: 2, rationale: 'x' }, ctx()),
      ),
    ).toMatch(/already at confirmed category 2/);
    expect(
      refusal(
        decide(s, 'propose', { evidence: TRIANGULATED, actor: 'ana.quality', category: 5, rationale: 'x' }, ctx()),
      ),
    ).toMatch(/^category: must be a whole number from 0 to 4 \(got 5\)/);
  });
});

describe('category 4 and national sign-off', () => {
  it('is never provisional: the category stays until national sign-off', () => {
    const proposed = ok(
      decide(
        at(3),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 4, ...URGENT, rationale: 'unsafe' },
        ctx(),
      ),
    );
    expect(proposed.state).toMatchObject({
      category: 3,
      stage: 'awaiting-governance',
      pending: { category: 4, nationalSignOff: true },
    });
    expect(proposed.notices).toEqual([]);
    const confirmed = ok(decide(proposed.state, 'confirm', { actor: 'ben.governance' }, ctx()));
    expect(confirmed.state).toMatchObject({
      category: 3,
      stage: 'awaiting-national-sign-off',
      pending: { confirmedBy: 'ben.governance' },
      trainingSuspended: false,
    });
    expect(confirmed.notices).toEqual([
      expect.objectContaining({ event: 'sign-off-requested', roles: ['national-scrutiny'], proposed: 4 }),
    ]);
  });

  it('suspends training on national approval, invoking the policy for postgraduate medical learners', () => {
    const { state } = { state: signedOff(at(3), 4) };
    expect(state).toMatchObject({
      category: 4,
      categoryStatus: 'confirmed',
      lastConfirmedCategory: 4,
      stage: 'open',
      trainingSuspended: true,
      suspensionPolicyInvoked: true,
    });
    expect(state.audit.at(-1)).toMatchObject({
      action: 'sign-off',
      role: 'national-scrutiny',
      approved: true,
      category: { from: 3, to: 4 },
    });
  });

  it('tells all 25 roles when category 4 takes effect', () => {
    let s = ok(
      decide(
        at(3),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 4, ...URGENT, rationale: 'x' },
        ctx(),
      ),
    ).state;
    s = ok(decide(s, 'confirm', { actor: 'ben.governance' }, ctx())).state;
    const { notices } = ok(
      decide(s, 'sign-off', { ...RECOVERY, ...WAIVER, actor: 'nia.national', approve: true, rationale: 'x' }, ctx()),
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ event: 'category-changed', from: 3, category: 4, cause: 'signed-off' });
    expect(notices[0].roles).toHaveLength(25);
  });

  it('records training as suspended without the medical policy when no postgraduate medical learners are affected', () => {
    const nursing = at(
      3,
      ok(decide(opened({ professions: ['nursing'] }), 'confirm', { actor: 'ben.governance' }, ctx())).state,
    );
    expect(signedOff(nursing, 4)).toMatchObject({ trainingSuspended: true, suspensionPolicyInvoked: false });
  });

  it('refuses sign-off before regional governance has confirmed, and by anyone but a separate national user', () => {
    const proposed = ok(
      decide(
        at(3),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 4, ...URGENT, rationale: 'x' },
        ctx(),
      ),
    ).state;
    expect(
      refusal(
        decide(
          proposed,
          'sign-off',
          { ...RECOVERY, ...WAIVER, actor: 'nia.national', approve: true, rationale: 'x' },
          ctx(),
        ),
      ),
    ).toMatch(/regional governance has not yet confirmed/);
    const byGail = ok(decide(proposed, 'confirm', { actor: 'gail.both' }, ctx())).state;
    expect(
      refusal(decide(byGail, 'sign-off', { ...RECOVERY, actor: 'gail.both', approve: true, rationale: 'x' }, ctx())),
    ).toMatch(/gail.both confirmed this proposal for regional governance/);
    expect(
      refusal(
        decide(byGail, 'sign-off', { ...RECOVERY, actor: 'ben.governance', approve: true, rationale: 'x' }, ctx()),
      ),
    ).toMatch(/ben.governance is not a national-scrutiny user/);
    expect(
      refusal(decide(byGail, 'sign-off', { ...RECOVERY, actor: 'ana.quality', approve: true, rationale: 'x' }, ctx())),
    ).toMatch(/not a national-scrutiny user/);
    expect(refusal(decide(byGail, 'challenge', { actor: 'ben.governance', rationale: 'x' }, ctx()))).toMatch(
      /only national scrutiny can reject it now/,
    );
    expect(refusal(decide(byGail, 'confirm', { actor: 'ben.governance' }, ctx()))).toMatch(/already confirmed/);
  });

  it('refuses sign-off of a proposal that needs no national scrutiny', () => {
    const proposed = ok(
      decide(
        confirmedAt2(),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 3, rationale: 'x' },
        ctx(),
      ),
    ).state;
    expect(
      refusal(
        decide(proposed, 'sign-off', { ...RECOVERY, actor: 'nia.national', approve: true, rationale: 'x' }, ctx()),
      ),
    ).toMatch(/needs regional governance confirmation, not national sign-off/);
  });

  it('ends the proposal on national rejection, with nothing changed', () => {
    let s = ok(
      decide(
        at(3),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 4, ...URGENT, rationale: 'x' },
        ctx(),
      ),
    ).state;
    s = ok(decide(s, 'confirm', { actor: 'ben.governance' }, ctx())).state;
    const { state, notices } = ok(
      decide(
        s,
        'sign-off',
        { ...RECOVERY, actor: 'nia.national', approve: false, rationale: 'improvement evident' },
        ctx(),
      ),
    );
    expect(state).toMatchObject({
      category: 3,
      categoryStatus: 'confirmed',
      pending: null,
      stage: 'open',
      trainingSuspended: false,
    });
    expect(state.audit.at(-1)).toMatchObject({ action: 'sign-off', approved: false });
    expect(notices).toEqual([]);
  });

  it('ends a category-4 proposal challenged by regional governance, with nothing to restore', () => {
    const s = ok(
      decide(
        at(3),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 4, ...URGENT, rationale: 'x' },
        ctx(),
      ),
    ).state;
    const { state, notices } = ok(decide(s, 'challenge', { actor: 'ben.governance', rationale: 'not yet' }, ctx()));
    expect(state).toMatchObject({ category: 3, pending: null, stage: 'open' });
    expect(notices).toEqual([]);
  });

  it('needs national sign-off to leave category 4, and reinstates training when it is given', () => {
    const suspended = improvingAfter(signedOff(at(3), 4));
    const proposed = ok(
      decide(
        suspended,
        'propose',
        { evidence: FEEDBACK, actor: 'ana.quality', category: 3, rationale: 'sustained improvement' },
        ctx(SUSTAINED),
      ),
    );
    expect(proposed.state).toMatchObject({ category: 4, pending: { category: 3, nationalSignOff: true } });
    let s = ok(decide(proposed.state, 'confirm', { actor: 'ben.governance' }, ctx(SUSTAINED))).state;
    const approved = ok(
      decide(s, 'sign-off', { actor: 'noah.national', approve: true, rationale: 'agreed' }, ctx(SUSTAINED)),
    );
    s = approved.state;
    expect(s).toMatchObject({ category: 3, trainingSuspended: false, suspensionPolicyInvoked: false });
    // Back at category 3, the notice of intention stands again, and the recovery agreed at 4 carries on.
    expect(events(approved.notices)).toEqual(['category-changed', 'notice-of-intention']);
    expect(approved.notices[0].roles).toHaveLength(25);
    expect(s.recovery).toMatchObject(RECOVERY);
    expect(s.noticeOfIntention).toEqual({ givenAt: SUSTAINED, endsAt: '2027-05-13T09:00:00.000Z' });
  });
});

describe('risk re-rating', () => {
  it('recomputes the score and tells the register keepers on entering and leaving the national register', () => {
    const s = confirmedAt2();
    const up = ok(decide(s, 'rate', { actor: 'ana.quality', likelihood: 4, impact: 4, rationale: 'worse' }, ctx()));
    expect(up.state.risk).toEqual({ likelihood: 4, impact: 4, score: 16 });
    expect(up.notices).toEqual([expect.objectContaining({ event: 'register-change', entered: true, score: 16 })]);
    const still = ok(
      decide(up.state, 'rate', { actor: 'ana.quality', likelihood: 3, impact: 4, rationale: 'x' }, ctx()),
    );
    expect(still.notices).toEqual([]);
    const down = ok(
      decide(still.state, 'rate', { actor: 'ana.quality', likelihood: 2, impact: 5, rationale: 'better' }, ctx()),
    );
    expect(down.state.registers.national).toBe(false);
    expect(down.notices).toEqual([expect.objectContaining({ event: 'register-change', entered: false, score: 10 })]);
    expect(down.state.audit.at(-1)).toMatchObject({ action: 'rate', risk: { from: { score: 12 }, to: { score: 10 } } });
  });

  it('refuses a likelihood of 6, a rating that changes nothing, and regional governance', () => {
    const s = confirmedAt2();
    expect(
      refusal(decide(s, 'rate', { actor: 'ana.quality', likelihood: 6, impact: 3, rationale: 'x' }, ctx())),
    ).toMatch(/^likelihood: must be a whole number from 1 to 5 \(got 6\)/);
    expect(
      refusal(decide(s, 'rate', { actor: 'ana.quality', likelihood: 3, impact: 3, rationale: 'x' }, ctx())),
    ).toMatch(/already rated likelihood 3 × impact 3/);
    expect(
      refusal(decide(s, 'rate', { actor: 'ben.governance', likelihood: 2, impact: 3, rationale: 'x' }, ctx())),
    ).toMatch(/not a quality-team user/);
    expect(refusal(decide(s, 'rate', { actor: 'ana.quality', likelihood: 2, impact: 3 }, ctx()))).toMatch(
      /^rationale: is required/,
    );
  });
});

describe('closing', () => {
  it('closes from a confirmed category 0 or 1 only', () => {
    expect(refusal(decide(confirmedAt2(), 'close', { actor: 'ana.quality', rationale: 'x' }, ctx()))).toMatch(
      /closes only from a confirmed category 0 or 1; .* is at confirmed category 2 \(Significant concerns\)/,
    );
    const provisional = ok(
      decide(
        confirmedAt2(),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 1, rationale: 'x' },
        ctx(),
      ),
    ).state;
    expect(refusal(decide(provisional, 'close', { actor: 'ana.quality', rationale: 'x' }, ctx()))).toMatch(
      /awaiting regional governance confirmation/,
    );
    const { state } = ok(
      decide(at(1), 'close', { actor: 'ana.quality', rationale: 'plans delivered' }, ctx('2027-01-05T10:00:00.000Z')),
    );
    expect(state).toMatchObject({
      stage: 'closed',
      closedAt: '2027-01-05T10:00:00.000Z',
      registers: { national: false },
    });
    expect(
      refusal(decide(state, 'rate', { actor: 'ana.quality', likelihood: 1, impact: 1, rationale: 'x' }, ctx())),
    ).toMatch(/is closed/);
  });
});

describe('the same decision twice', () => {
  it('changes nothing the second time, and is not refused', () => {
    const first = ok(decide(opened(), 'confirm', { actor: 'ben.governance', requestId: 'r-1' }, ctx()));
    const again = decide(first.state, 'confirm', { actor: 'ben.governance', requestId: 'r-1' }, ctx());
    expect(again).toEqual({ ok: true, state: first.state, notices: [] });
    expect(refusal(decide(first.state, 'confirm', { actor: 'ben.governance', requestId: 'r-2' }, ctx()))).toMatch(
      /no pending proposal/,
    );
  });
});

describe('purity', () => {
  it('never modifies the state it is given', () => {
    const s = deepFreeze(confirmedAt2());
    expect(() =>
      decide(s, 'propose', { evidence: TRIANGULATED, actor: 'ana.quality', category: 3, rationale: 'x' }, ctx()),
    ).not.toThrow();
    expect(() =>
      decide(s, 'rate', { actor: 'ana.quality', likelihood: 5, impact: 5, rationale: 'x' }, ctx()),
    ).not.toThrow();
  });
});

describe('evidence behind every move', () => {
  const survey = { kind: 'learner-survey' as const, text: 'NTS 2026 red flags' };
  const survey2 = { kind: 'learner-survey' as const, text: 'Pulse survey in March' };
  const opinion = { kind: 'clinical-opinion' as const, text: 'Deanery clinical lead' };
  const propose = (s: ConcernState, category: number, evidence: unknown[], c = ctx()) =>
    decide(s, 'propose', { actor: 'ana.quality', category, rationale: 'x', evidence }, c);

  it('refuses a change of category without evidence, naming what is missing, and leaves the concern as it was', () => {
    const s = deepFreeze(confirmedAt2());
    expect(refusal(propose(s, 3, []))).toBe(
      'evidence: moving from category 2 to 3 needs at least one item of evidence (--evidence KIND:TEXT); none given',
    );
    expect(refusal(decide(s, 'propose', { actor: 'ana.quality', category: 1, rationale: 'x' }, ctx()))).toMatch(
      /^evidence: moving from category 2 to 1 needs/,
    );
    expect(ok(propose(s, 3, [survey])).state).toMatchObject({
      category: 3,
      pending: { category: 3, evidence: [survey] },
    });
  });

  it('needs triangulated evidence, two items of different kinds, into category 4 and out of it', () => {
    const s = at(3, confirmedAt2());
    const noticeRun = ctx('2026-12-23T09:00:00.000Z');
    expect(refusal(propose(s, 4, [survey], noticeRun))).toBe(
      'evidence: a move into category 4 needs triangulated evidence: at least two items of different kinds; only learner-survey given',
    );
    expect(refusal(propose(s, 4, [survey, survey2], noticeRun))).toBe(
      'evidence: a move into category 4 needs triangulated evidence: at least two items of different kinds; only learner-survey given',
    );
    expect(refusal(propose(s, 4, [], noticeRun))).toMatch(
      /^evidence: a move into category 4 needs triangulated evidence: .*none given$/,
    );
    const proposed = ok(propose(s, 4, [survey, opinion], noticeRun)).state;
    expect(proposed.pending?.evidence).toEqual([survey, opinion]);

    const improving = improvingAfter(signedOff(at(3), 4));
    const feedback = FEEDBACK[0];
    expect(refusal(propose(improving, 3, [feedback], ctx(SUSTAINED)))).toMatch(
      /^evidence: a move out of category 4 needs triangulated evidence/,
    );
    expect(
      ok(propose(improving, 3, [feedback, { kind: 'provider-report', text: 'Rota compliance report' }], ctx(SUSTAINED)))
        .state.pending,
    ).toMatchObject({ category: 3 });
  });

  it('keeps evidence in the audit trail of every decision that takes it', () => {
    let s = ok(propose(confirmedAt2(), 3, [survey])).state;
    s = ok(decide(s, 'confirm', { actor: 'ben.governance', evidence: [opinion], ...RECOVERY }, ctx())).state;
    s = ok(
      decide(
        s,
        'rate',
        { actor: 'ana.quality', likelihood: 4, impact: 4, rationale: 'worse', evidence: [survey2] },
        ctx(),
      ),
    ).state;
    s = ok(
      decide(
        s,
        'review',
        {
          actor: 'ana.quality',
          outcome: 'no-change',
          summary: 'same',
          evidence: [opinion, 'a note from before kinds'],
        },
        ctx(),
      ),
    ).state;
    expect(s.audit.slice(-4).map((a) => [a.action, a.evidence])).toEqual([
      ['propose', [survey]],
      ['confirm', [opinion]],
      ['rate', [survey2]],
      ['review', [opinion]],
    ]);
    expect(s.reviews.at(-1)!.evidence).toEqual(['clinical-opinion: Deanery clinical lead', 'a note from before kinds']);
  });

  it('refuses an unknown kind of evidence, naming the field', () => {
    expect(refusal(propose(confirmedAt2(), 3, [{ kind: 'hearsay', text: 'x' }]))).toMatch(
      /^evidence\.0\.kind: must be one of learner-survey, complaint, .*clinical-opinion, provider-report, consultant-feedback, staff-feedback, learner-feedback \(got 'hearsay'\)$/,
    );
  });

  it('applies decisions a history already accepted without it: the rule refuses at admission only', () => {
    const replaying = { ...ctx(), admitting: false };
    expect(ok(propose(confirmedAt2(), 3, [], replaying)).state).toMatchObject({
      category: 3,
      categoryStatus: 'provisional',
    });
  });
});

describe('category 4: lead agency and ownership', () => {
  const awaitingSignOff = () => {
    let s = ok(
      decide(
        confirmedAt2(),
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 4, ...URGENT, rationale: 'unsafe' },
        ctx(),
      ),
    ).state;
    s = ok(decide(s, 'confirm', { actor: 'ben.governance' }, ctx())).state;
    return deepFreeze(s);
  };

  it('refuses to approve category 4 without the lead agency and the owner of the recovery, naming the one missing', () => {
    const s = awaitingSignOff();
    const approve = (extra: object) =>
      decide(s, 'sign-off', { actor: 'nia.national', approve: true, rationale: 'agreed', ...WAIVER, ...extra }, ctx());
    const needs =
      'approving category 4 needs an agreed lead agency and owner of the recovery (--lead-agency TEXT --owner ADDRESS)';
    expect(refusal(approve({}))).toBe(`lead-agency: ${needs}`);
    expect(refusal(approve({ leadAgency: 'NHS England London' }))).toBe(`owner: ${needs}`);
    expect(refusal(approve({ leadAgency: 'NHS England London', owner: 'not an address' }))).toMatch(
      /^owner: must be an email address/,
    );
    // Rejecting needs neither.
    expect(
      ok(decide(s, 'sign-off', { actor: 'nia.national', approve: false, rationale: 'not yet' }, ctx())).state.category,
    ).toBe(2);
  });

  it('records them with the category, in the audit trail and in the category-4 notice, and clears them when category 4 ends', () => {
    const { state, notices } = ok(
      decide(
        awaitingSignOff(),
        'sign-off',
        { ...RECOVERY, ...WAIVER, actor: 'nia.national', approve: true, rationale: 'agreed' },
        ctx(),
      ),
    );
    expect(state.recovery).toEqual({ ...RECOVERY, agreedAt: ctx().now, agreedBy: 'nia.national' });
    expect(state.audit.at(-1)).toMatchObject({ action: 'sign-off', approved: true, recovery: RECOVERY });
    expect(notices[0]).toMatchObject({ event: 'category-changed', category: 4, recovery: RECOVERY });
    const left = signedOff(improvingAfter(state), 3, SUSTAINED);
    expect(left.recovery).toMatchObject(RECOVERY);
    const down = ok(
      decide(
        left,
        'propose',
        { evidence: TRIANGULATED, actor: 'ana.quality', category: 2, rationale: 'better' },
        ctx('2027-05-01T09:00:00.000Z'),
      ),
    ).state;
    expect(down.recovery).toBeNull();
  });
});

/** When improvement begun on 2027-01-10 has been sustained for policy.sustainedImprovementFor (90 days). */
const SUSTAINED = '2027-04-15T09:00:00.000Z';

/** Two improving reviews with evidence after suspension, from 2027-01-10: what leaving category 4 needs by SUSTAINED. */
function improvingAfter(suspended: ConcernState): ConcernState {
  let s = suspended;
  for (const day of ['2027-01-10', '2027-03-10']) {
    s = ok(
      decide(
        s,
        'review',
        { actor: 'ana.quality', outcome: 'improving', summary: 'better', evidence: ['consultant feedback'] },
        ctx(`${day}T09:00:00.000Z`),
      ),
    ).state;
  }
  return s;
}
