// The governance pack and the plain-English history as pure functions of seeded concerns: counts
// at both ends of the period, movements, one chart per concern at category 2 or above, the heat
// map, and an HTML file that needs nothing from the network.
import { decide, openConcern, type Outcome } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { after } from '../../config/durations';
import { historyLines } from '../../text/history';
import { buildPack, categoryAt, trendOf } from '../../reports/pack';
import { renderPack } from '../../reports/render';
import type { OpeningInput } from '../../concern/inputs';
import { context, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from '../support/fixtures';

const T0 = '2026-01-05T09:00:00.000Z';
const day = (n: number) => after(T0, `${n} days`);
const ok = (o: Outcome): ConcernState => {
  if (!o.ok) throw new Error(o.reason);
  return o.state;
};
const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };

function open(n: number, overrides: Partial<OpeningInput> = {}): ConcernState {
  const confirmer = {
    ...(overrides.region === 'midlands' ? { actor: 'mia.governance' } : ben),
    ...(overrides.category === 3 ? RECOVERY : {}),
  };
  return ok(decide(ok(openConcern(opening(overrides), context(day(n)))), 'confirm', confirmer, context(day(n))));
}
function move(s: ConcernState, n: number, category: 0 | 1 | 2 | 3): ConcernState {
  return ok(
    decide(
      ok(
        decide(
          s,
          'propose',
          { evidence: TRIANGULATED, ...ana, category, rationale: `to ${category}` },
          context(day(n)),
        ),
      ),
      'confirm',
      { ...ben, ...(category === 3 ? RECOVERY : {}) },
      context(day(n)),
    ),
  );
}

/** Six concerns across two regions, with moves before and during a period from day 30 to day 60. */
function seeded(): ConcernState[] {
  const escalated = move(open(0, { ref: 'A-ESC', likelihood: 4, impact: 4 }), 40, 3); // 2 → 3 in the period
  const deescalated = move(open(0, { ref: 'B-DE' }), 45, 1); // 2 → 1 in the period
  const late = open(50, { ref: 'C-NEW', category: 1, likelihood: 2, impact: 2 }); // new in the period
  let closed = open(0, { ref: 'D-CLOSED', category: 1, likelihood: 1, impact: 2 });
  closed = ok(decide(closed, 'close', { ...ana, rationale: 'resolved' }, context(day(35)))); // closed in the period
  const gone = ok(
    decide(
      open(0, { ref: 'E-GONE', category: 0, likelihood: 1, impact: 1 }),
      'close',
      { ...ana, rationale: 'x' },
      context(day(10)),
    ),
  );
  const midlands = open(5, {
    ref: 'F-MID',
    region: 'midlands',
    provider: 'uhb',
    actor: 'omar.quality',
    category: 3,
    likelihood: 3,
    impact: 5,
  });
  let suspended = move(open(0, { ref: 'G-FOUR' }), 1, 3);
  suspended = ok(
    decide(
      suspended,
      'propose',
      { evidence: TRIANGULATED, ...ana, category: 4, rationale: 'unsafe' },
      context(day(31)),
    ),
  );
  suspended = ok(decide(suspended, 'confirm', ben, context(day(32))));
  suspended = ok(
    decide(
      suspended,
      'sign-off',
      { ...RECOVERY, actor: 'nia.national', approve: true, rationale: 'agreed' },
      context(day(33)),
    ),
  );
  return [escalated, deescalated, late, closed, gone, midlands, suspended];
}

const period = { from: day(30), to: day(60), policy: context().policy };

describe('governance pack', () => {
  const states = seeded();
  const pack = buildPack(states, period);

  it('leaves out concerns closed before the period', () => {
    expect(pack.register.map((r) => r.state.ref)).not.toContain('E-GONE');
    expect(pack.regions).toEqual(['london', 'midlands']);
  });

  it('counts by category and region at the start and the end of the period', () => {
    expect(pack.countsAtStart).toEqual({ london: [0, 1, 2, 1, 0], midlands: [0, 0, 0, 1, 0] });
    expect(pack.countsAtEnd).toEqual({ london: [0, 2, 0, 1, 1], midlands: [0, 0, 0, 1, 0] });
  });

  it('lists the movements of the period', () => {
    expect(pack.movements.map((m) => [m.ref, m.kind, m.from, m.to])).toEqual([
      ['G-FOUR', 'national sign-off', 3, 4],
      ['D-CLOSED', 'closed', 1, null],
      ['A-ESC', 'escalation', 2, 3],
      ['B-DE', 'de-escalation', 2, 1],
      ['C-NEW', 'new', null, 1],
    ]);
    // The evidence behind each move: given with it, or with the proposal a sign-off carried out.
    const evidence = (ref: string) => pack.movements.find((m) => m.ref === ref)!.evidence.map((e) => e.kind);
    expect(evidence('A-ESC')).toEqual(['learner-survey', 'clinical-opinion']);
    expect(evidence('G-FOUR')).toEqual(['learner-survey', 'clinical-opinion']);
    expect(evidence('C-NEW')).toEqual([]);
  });

  it('has the registers, one chart per concern at category 2 or above, and the heat map of open concerns', () => {
    expect(pack.register.map((r) => r.state.ref)).toEqual(['G-FOUR', 'A-ESC', 'F-MID']);
    expect(pack.trends.map((t) => t.state.ref)).toEqual(['A-ESC', 'F-MID', 'G-FOUR']);
    expect(pack.heat.flat().reduce((a, b) => a + b, 0)).toBe(5);
    expect(pack.heat[3][3]).toBe(1); // A-ESC, likelihood 4 × impact 4
    expect(pack.heat[2][4]).toBe(1); // F-MID, 3 × 5
  });

  it('draws category and risk over time', () => {
    const [escalated] = states;
    expect(categoryAt(escalated, day(39))).toBe(2);
    expect(categoryAt(escalated, day(41))).toBe(3);
    expect(trendOf(escalated, day(60)).map((p) => [p.category, p.score])).toEqual([
      [2, 16],
      [2, 16],
      [3, 16],
      [3, 16],
      [3, 16],
    ]);
  });

  it('renders one self-contained file: a chart per concern at 2 or above, nothing fetched, text escaped', () => {
    const hostile = { ...states[0], site: '<script>alert(1)</script> Ward "A"' };
    const html = renderPack(buildPack([hostile, ...states.slice(1)], period));
    expect(html.match(/<svg class="trend"/g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ward &quot;A&quot;');
    expect(html).toContain('<table class="heat">');
    expect(html).toContain('<th>Evidence</th>');
    expect(html).toContain(
      'learner-survey: NTS 2026: red flags for clinical supervision out of hours; clinical-opinion: Deanery clinical lead after the visit',
    );
  });
});

describe('plain-English history', () => {
  it('reads in order, with names, roles and reasons a reader outside the team understands', () => {
    const suspended = seeded().at(-1)!;
    expect(historyLines(suspended)).toEqual([
      `5 Jan 2026 — Ana Example (quality team) opened the concern and placed it provisionally in category 2 (Significant concerns), rated 9 (likelihood 3 × impact 3): ${suspended.audit[0].rationale}`,
      '5 Jan 2026 — Ben Example (regional governance) confirmed category 2 (Significant concerns) for regional governance.',
      '6 Jan 2026 — Ana Example (quality team) proposed category 3 (Major concerns), which took effect at once pending regional governance: to 3. Evidence — learner survey: NTS 2026: red flags for clinical supervision out of hours; clinical opinion: Deanery clinical lead after the visit.',
      '6 Jan 2026 — Ben Example (regional governance) confirmed category 3 (Major concerns) for regional governance, with lead agency NHS England London, recovery owned by dme@barts.example.org.',
      '5 Feb 2026 — Ana Example (quality team) proposed category 4 (Training suspended), which needs regional governance confirmation and national sign-off: unsafe. Evidence — learner survey: NTS 2026: red flags for clinical supervision out of hours; clinical opinion: Deanery clinical lead after the visit.',
      '6 Feb 2026 — Ben Example (regional governance) confirmed the proposal of category 4 (Training suspended) for regional governance, passing it to national scrutiny.',
      '7 Feb 2026 — Nia Example (national scrutiny) approved the move to category 4 (Training suspended) at national level, with lead agency NHS England London, recovery owned by dme@barts.example.org: agreed',
    ]);
  });
});

describe('the road to suspension in the pack', () => {
  it('shows the lead agency and owner agreed at 3, and a category 4 approved on the urgent route with the notice waived', () => {
    const at3 = move(open(0, { ref: 'H-URGENT' }), 31, 3);
    expect(renderPack(buildPack([at3], period))).toContain(
      '3 Major concerns; lead agency NHS England London, recovery owned by dme@barts.example.org',
    );
    let s = ok(
      decide(
        at3,
        'propose',
        { evidence: TRIANGULATED, ...ana, category: 4, ...URGENT, rationale: 'patient safety' },
        context(day(32)),
      ),
    );
    s = ok(decide(s, 'confirm', ben, context(day(33))));
    s = ok(
      decide(
        s,
        'sign-off',
        { ...WAIVER, actor: 'nia.national', approve: true, rationale: 'urgent: learners at risk tonight' },
        context(day(34)),
      ),
    );
    const pack = buildPack([s], period);
    expect(pack.movements.at(-1)).toMatchObject({ kind: 'national sign-off', from: 3, to: 4, noticeWaived: true });
    expect(renderPack(pack)).toContain('national sign-off (notice period waived: urgent)');
    expect(historyLines(s).at(-1)).toBe(
      '8 Feb 2026 — Nia Example (national scrutiny) approved the move to category 4 (Training suspended) at national level, approving the waiver of the notice period, with lead agency NHS England London, recovery owned by dme@barts.example.org: urgent: learners at risk tonight',
    );
  });
});
