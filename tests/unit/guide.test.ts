// The guide followed to the letter (issue 15), as pure rules: who is told what, in whose words; the
// road to suspension; sustained improvement before reinstatement; support programmes as processes;
// national oversight; the smaller corrections. The same rules on the dev server, through `isf` and
// the mail that arrives, are in guide-mail.test.ts.
import { renderNotice } from '../../activities/mail-content';
import { recipientMessageId } from '../../activities/smtp';
import { nationalSections } from '../../activities/digest';
import { clocksOf, fireClock } from '../../concern/clocks';
import { decide, openConcern, type DecisionContext, type Notice, type Outcome } from '../../concern/decide';
import { withheldNow } from '../../concern/audience';
import type { ConcernState } from '../../concern/state';
import { resolveNoticeRecipients } from '../../config/recipients';
import { formatState } from '../../client/format';
import { historyLines } from '../../text/history';
import {
  MESSAGE_TIERS,
  STAKEHOLDER_ROLES,
  TIER_OF,
  USER_ROLES,
  WITHHOLDABLE_ROLES,
  reviewOutcomeRoles,
  stakeholdersFor,
} from '../../policy';
import { context, exampleConfig, FEEDBACK, opening, RECOVERY, TRIANGULATED, URGENT, WAIVER } from '../support/fixtures';

const T0 = '2026-12-01T09:00:00.000Z';
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const ctx = (n = 0): DecisionContext => context(day(n));
const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };
const nia = { actor: 'nia.national' };

function ok(outcome: Outcome): { state: ConcernState; notices: Notice[] } {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome;
}
const state = (outcome: Outcome) => ok(outcome).state;
function refusal(outcome: Outcome): string {
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

/** Opened at `category` on day 0 and confirmed (into 3 with the recovery agreed). */
function confirmedAt(category: 0 | 1 | 2 | 3, overrides = {}): ConcernState {
  const opened = state(openConcern(opening({ category, likelihood: 2, impact: 2, ...overrides }), ctx(0)));
  return state(decide(opened, 'confirm', { ...ben, ...(category === 3 ? RECOVERY : {}) }, ctx(0)));
}

describe('1. told as appropriate, each audience in its own words', () => {
  it('withholds a local role at category 0 or 1, with a reason, recorded, and restores it', () => {
    const s = confirmedAt(1);
    const held = state(
      decide(
        s,
        'audience',
        { ...ana, withhold: 'educators', reason: 'Learner asked not to be identified to the ward' },
        ctx(1),
      ),
    );
    expect(held.withheld).toEqual([
      { role: 'educators', reason: 'Learner asked not to be identified to the ward', by: 'ana.quality', at: day(1) },
    ]);
    expect(held.audit.at(-1)).toMatchObject({
      action: 'audience',
      withheld: 'educators',
      rationale: 'Learner asked not to be identified to the ward',
    });
    expect(withheldNow(held)).toEqual(['educators']);
    expect(formatState(held)).toMatch(/Held back\s+educators: Learner asked not to be identified/);
    expect(historyLines(held).at(-1)).toContain(
      "held back the concern's notices from the educators, as the guide allows at category 0 or 1: Learner asked",
    );
    const restored = state(decide(held, 'audience', { ...ana, restore: 'educators' }, ctx(2)));
    expect(restored.withheld).toEqual([]);
    expect(restored.audit.at(-1)).toMatchObject({ action: 'audience', restored: 'educators' });
    expect(historyLines(restored).at(-1)).toContain("restored the concern's notices to the educators");
  });

  it('refuses to withhold at category 2 or above, a role that is not one of the nine local ones, without a reason, or by anyone but the quality team', () => {
    const withhold = (s: ConcernState, extra: object) =>
      refusal(decide(s, 'audience', { ...ana, withhold: 'educators', reason: 'r', ...extra }, ctx(1)));
    const two = confirmedAt(2);
    expect(withhold(two, {})).toBe(
      `withhold: roles are held back at category 0 or 1 only; ${two.ref} is at category 2, where every stakeholder is told`,
    );
    const one = confirmedAt(1);
    for (const role of ['regional-head-of-quality', 'provider-chief-executive', 'regulator', 'jsog']) {
      expect(withhold(one, { withhold: role })).toMatch(
        new RegExp(`^withhold: must be one of ${WITHHOLDABLE_ROLES.join(', ')} \\(got '${role}'\\)`),
      );
    }
    expect(refusal(decide(one, 'audience', { ...ana, withhold: 'educators' }, ctx(1)))).toBe(
      'reason: withholding a role needs a reason',
    );
    expect(refusal(decide(one, 'audience', { ...ana, restore: 'educators' }, ctx(1)))).toBe(
      `restore: educators is not held back from ${one.ref}`,
    );
    expect(withhold(one, ben)).toMatch(/ben.governance is not a quality-team user/);
    expect(WITHHOLDABLE_ROLES).toHaveLength(9);
  });

  it('tells every role from category 2, whatever was held back at 1', () => {
    const held = state(
      decide(confirmedAt(1), 'audience', { ...ana, withhold: 'affected-learners', reason: 'r' }, ctx(1)),
    );
    const up = state(
      decide(held, 'propose', { ...ana, category: 2, rationale: 'worse', evidence: TRIANGULATED }, ctx(2)),
    );
    expect(withheldNow(up)).toEqual([]);
    expect(formatState(up)).toContain('not now: every role is told from category 2');
  });

  it("tells a settled category to its stakeholders, and a closed concern to the last category's", () => {
    const opened = state(openConcern(opening({ category: 1, likelihood: 1, impact: 2 }), ctx(0)));
    const confirmed = ok(decide(opened, 'confirm', { ...ben, rationale: 'agreed at panel' }, ctx(1)));
    expect(confirmed.notices).toEqual([
      {
        event: 'category-confirmed',
        roles: stakeholdersFor(1),
        category: 1,
        rationale: 'agreed at panel',
        by: 'Ben Example',
      },
    ]);
    const closed = ok(decide(confirmed.state, 'close', { ...ana, rationale: 'plan delivered' }, ctx(2)));
    expect(closed.notices).toEqual([
      {
        event: 'concern-closed',
        roles: stakeholdersFor(1),
        category: 1,
        rationale: 'plan delivered',
        by: 'Ana Example',
      },
    ]);
    // Runs started before the guide rules: neither.
    const old = { ...ctx(1), guide: false };
    expect(ok(decide(opened, 'confirm', ben, old)).notices).toEqual([]);
  });

  it("gives HEE's own roles the full notice, the provider's executives and education leads the formal one, learners, educators, commissioners and the raiser plain words, regulators theirs", () => {
    const hee = [
      'head-of-school',
      'regional-head-of-quality',
      'postgraduate-dean',
      'regional-quality-surveillance-group',
      'jsog',
      'executive-director-education-quality',
      'national-medical-director',
      'regional-director',
      'hee-executive',
      'deputy-national-medical-director',
      ...USER_ROLES,
    ];
    const provider = [
      'provider-chief-executive',
      'provider-medical-director',
      'provider-chair',
      'provider-director-of-medical-education',
      'provider-education-quality-lead',
      'education-training-lead',
      'practice-placement-lead',
    ];
    const plain = ['affected-learners', 'educators', 'local-commissioners', 'regional-commissioners', 'raiser'];
    for (const r of hee) expect([r, TIER_OF[r as keyof typeof TIER_OF]]).toEqual([r, 'full']);
    for (const r of provider) expect([r, TIER_OF[r as keyof typeof TIER_OF]]).toEqual([r, 'formal']);
    for (const r of plain) expect([r, TIER_OF[r as keyof typeof TIER_OF]]).toEqual([r, 'plain']);
    expect([TIER_OF.regulator, TIER_OF.partner]).toEqual(['regulator', 'regulator']);
    expect(STAKEHOLDER_ROLES.every((r) => MESSAGE_TIERS.includes(TIER_OF[r]))).toBe(true);
  });

  describe('the words of each audience', () => {
    const s = state(
      decide(
        confirmedAt(3, { likelihood: 4, impact: 4 }),
        'propose',
        { ...ana, category: 4, ...URGENT, rationale: 'Unsafe: F1 doctors alone at night', evidence: TRIANGULATED },
        ctx(1),
      ),
    );
    const notice: Notice = {
      event: 'category-changed',
      roles: stakeholdersFor(4),
      category: 4,
      from: 3,
      status: 'confirmed',
      cause: 'signed-off',
      rationale: 'Unsafe: F1 doctors alone at night',
      by: 'Nia Example',
      recovery: RECOVERY,
      noticeWaived: true,
    };
    const subject = { ...s, category: 4 as const, categoryStatus: 'confirmed' as const, withheld: [] };
    const render = (tier: Parameters<typeof renderNotice>[3]) => renderNotice(notice, subject, exampleConfig, tier);

    it('full: everything, the decider named', () => {
      const { text } = render('full');
      for (const part of [
        'Unsafe: F1 doctors alone at night',
        'National scrutiny (Nia Example)',
        'likelihood 4 × impact 4 = 16',
        s.title,
        'Sent to',
        'The notice period was waived',
      ])
        expect(text).toContain(part);
    });

    it('formal: the rationale, but no decider named', () => {
      const { text } = render('formal');
      expect(text).toContain('Rationale: Unsafe: F1 doctors alone at night');
      expect(text).toContain('National scrutiny signed the change off.');
      expect(text).not.toContain('Nia Example');
      expect(text).not.toContain('Sent to');
    });

    it('plain: what changed and what it means, never the rationale, a name or the risk score', () => {
      const { subject: subj, text } = render('plain');
      expect(subj).toBe(`Learning environment update: ${s.site}`);
      expect(text).toContain('is now in category 4 of 0 to 4: training suspended');
      expect(text).toContain('your training will continue somewhere safe');
      for (const secret of [
        'Unsafe',
        'Nia Example',
        'Ana Example',
        'Rationale',
        'likelihood',
        '16',
        s.title,
        s.ref,
        'NHS England London',
      ])
        expect(text).not.toContain(secret);
      expect(subj).not.toContain(s.ref);
    });

    it('regulator: the category, the support and the professions concerned', () => {
      const { text } = render('regulator');
      expect(text).toMatch(/Category\s+category 4 \(Training suspended\), confirmed/);
      expect(text).toMatch(/Support\s+/);
      expect(text).toMatch(/Professions\s+medical-postgraduate, nursing/);
      for (const secret of ['Unsafe', 'Nia Example', 'Rationale', 'likelihood']) expect(text).not.toContain(secret);
    });

    it('good practice: the summary, the provider and the site, nothing of the concern', () => {
      const shared: Notice = {
        event: 'good-practice-shared',
        roles: ['provider-education-quality-lead'],
        category: 1,
        summary: 'Named night supervisor on every shift',
        by: 'Ana Example',
        across: 'national',
      };
      for (const tier of MESSAGE_TIERS) {
        const { subject: subj, text } = renderNotice(shared, subject, exampleConfig, tier);
        expect(text).toContain('Named night supervisor on every shift');
        expect(`${subj}\n${text}`).toContain(s.site);
        expect(`${subj}\n${text}`).toContain('Barts Health NHS Trust');
        for (const secret of [s.title, s.ref, 'category', 'likelihood', 'Learners', String(s.learners)])
          expect(`${subj}\n${text}`).not.toContain(secret);
      }
    });
  });

  it('gives each recipient a Message-ID of their own, the same on every attempt', () => {
    const notice = '<LDN-1.8.category-changed@isf.example.nhs.uk>';
    const a = recipientMessageId(notice, 'learners@barts.example.org');
    expect(a).toMatch(/^<LDN-1\.8\.category-changed\.[0-9a-f]{12}@isf\.example\.nhs\.uk>$/);
    expect(recipientMessageId(notice, 'Learners@Barts.example.org')).toBe(a);
    expect(recipientMessageId(notice, 'dme@barts.example.org')).not.toBe(a);
  });
});

describe('2. the road to suspension', () => {
  const at3 = () => confirmedAt(3);

  it('proposes category 4 only from a confirmed category 3 once the notice period has run, and says from when', () => {
    const s = at3();
    expect(s.noticeOfIntention).toEqual({ givenAt: day(0), endsAt: day(28) });
    const propose = (n: number, extra = {}) =>
      decide(
        s,
        'propose',
        { ...ana, category: 4, rationale: 'no improvement', evidence: TRIANGULATED, ...extra },
        ctx(n),
      );
    expect(refusal(propose(27))).toBe(
      'category: the notice of intention given on 2026-12-01 runs until 2026-12-29 (policy.noticePeriod, 28 days): category 4 can be proposed from 2026-12-29, or now with --waive-notice on the urgent route (patient or learner safety)',
    );
    expect(state(propose(28)).pending).toMatchObject({ category: 4, nationalSignOff: true });
    const two = confirmedAt(2);
    expect(
      refusal(decide(two, 'propose', { ...ana, category: 4, rationale: 'x', evidence: TRIANGULATED }, ctx(40))),
    ).toMatch(
      new RegExp(
        `^category: category 4 is proposed from a confirmed category 3, once its notice of intention has run .*; ${two.ref} is at confirmed category 2$`,
      ),
    );
    const provisional = state(
      decide(
        state(openConcern(opening({ category: 3 }), ctx(0))),
        'challenge',
        { ...ben, rationale: 'thin evidence' },
        ctx(1),
      ),
    );
    expect(provisional).toMatchObject({ category: 3, categoryStatus: 'provisional', pending: null });
    expect(
      refusal(decide(provisional, 'propose', { ...ana, category: 4, rationale: 'x', evidence: TRIANGULATED }, ctx(40))),
    ).toMatch(/is at provisional category 3$/);
  });

  it('takes the urgent route with --waive-notice, which national sign-off must approve explicitly, recorded and told', () => {
    const proposed = state(
      decide(
        confirmedAt(2),
        'propose',
        { ...ana, category: 4, ...URGENT, rationale: 'learners at risk tonight', evidence: TRIANGULATED },
        ctx(1),
      ),
    );
    expect(proposed.pending).toMatchObject({ category: 4, waiveNotice: true });
    expect(proposed.audit.at(-1)).toMatchObject({ action: 'propose', noticeWaived: true });
    expect(formatState(proposed)).toContain('notice period waived (urgent route)');
    const confirmed = state(decide(proposed, 'confirm', ben, ctx(1)));
    const approve = (extra: object) =>
      decide(confirmed, 'sign-off', { ...nia, ...RECOVERY, approve: true, rationale: 'agreed', ...extra }, ctx(2));
    expect(refusal(approve({}))).toBe(
      'approve-waiver: category 4 was proposed on the urgent route, waiving the notice period; approving it needs the waiver approved too (--approve-waiver)',
    );
    const { state: four, notices } = ok(approve(WAIVER));
    expect(four.audit.at(-1)).toMatchObject({ action: 'sign-off', approved: true, noticeWaived: true });
    expect(notices[0]).toMatchObject({ event: 'category-changed', category: 4, noticeWaived: true });
    // A rejection needs no waiver approved.
    expect(
      state(decide(confirmed, 'sign-off', { ...nia, approve: false, rationale: 'not yet' }, ctx(2))).category,
    ).toBe(2);
  });

  it('refuses a waiver on anything but a proposal of category 4, and approving a waiver nobody asked for', () => {
    expect(
      refusal(
        decide(
          confirmedAt(2),
          'propose',
          { ...ana, category: 3, ...URGENT, rationale: 'x', evidence: TRIANGULATED },
          ctx(1),
        ),
      ),
    ).toBe('waive-notice: only a proposal of category 4 waives the notice period');
    let s = state(decide(at3(), 'propose', { ...ana, category: 4, rationale: 'x', evidence: TRIANGULATED }, ctx(30)));
    s = state(decide(s, 'confirm', ben, ctx(30)));
    expect(refusal(decide(s, 'sign-off', { ...nia, ...WAIVER, approve: true, rationale: 'x' }, ctx(31)))).toBe(
      'approve-waiver: this proposal of category 4 waived no notice period; there is no waiver to approve',
    );
  });

  it('gives notice that approval may be withdrawn or training suspended, with the date the period ends; its clock tells the quality team, head of quality and governance then', () => {
    const opened = state(openConcern(opening({ category: 3 }), ctx(0)));
    const { state: s, notices } = ok(decide(opened, 'confirm', { ...ben, ...RECOVERY }, ctx(0)));
    const notice = notices.find((n) => n.event === 'notice-of-intention')!;
    expect(notice).toMatchObject({ roles: ['provider-chief-executive', 'provider-medical-director'], endsAt: day(28) });
    const { text } = renderNotice(notice, { ...s, withheld: [] }, exampleConfig, 'formal');
    expect(text).toContain(
      'may be withdrawn, or training suspended, if rapid and sustained directed improvements are not made',
    );
    expect(text).toContain('The notice period ends on 29 Dec 2026, 09:00.');
    const clock = clocksOf(s, exampleConfig.policy).find((c) => c.event === 'notice-deadline')!;
    expect(clock.at).toBe(day(28));
    expect(fireClock(s, clock).notice).toMatchObject({
      event: 'notice-deadline',
      roles: ['quality-team', 'regional-head-of-quality', 'regional-governance'],
      due: day(28),
    });
    // No such clock while a move into 4 is under way, nor once the concern has left 3.
    const proposing = state(
      decide(s, 'propose', { ...ana, category: 4, ...URGENT, rationale: 'x', evidence: TRIANGULATED }, ctx(1)),
    );
    expect(clocksOf(proposing, exampleConfig.policy).some((c) => c.event === 'notice-deadline')).toBe(false);
    const down = state(
      decide(s, 'propose', { ...ana, category: 2, rationale: 'better', evidence: TRIANGULATED }, ctx(5)),
    );
    expect(down.noticeOfIntention).toBeNull();
  });

  it('needs the lead agency and owner to confirm a move into 3, shows them, and carries them into 4 unless sign-off names new ones', () => {
    const opened = state(openConcern(opening({ category: 3 }), ctx(0)));
    const needs =
      'confirming category 3 needs an agreed lead agency and owner of the recovery (--lead-agency TEXT --owner ADDRESS)';
    expect(refusal(decide(opened, 'confirm', ben, ctx(0)))).toBe(`lead-agency: ${needs}`);
    expect(refusal(decide(opened, 'confirm', { ...ben, leadAgency: 'NHS England London' }, ctx(0)))).toBe(
      `owner: ${needs}`,
    );
    expect(refusal(decide(confirmedAt(2, {}), 'confirm', { ...ben, ...RECOVERY }, ctx(0)))).toMatch(
      /no pending proposal/,
    );
    const two = state(openConcern(opening(), ctx(0)));
    expect(refusal(decide(two, 'confirm', { ...ben, ...RECOVERY }, ctx(0)))).toMatch(
      /^lead-agency: only confirming a move into category 3 agrees a lead agency/,
    );
    const s = state(decide(opened, 'confirm', { ...ben, ...RECOVERY }, ctx(0)));
    expect(s.recovery).toEqual({ ...RECOVERY, agreedAt: day(0), agreedBy: 'ben.governance' });
    expect(s.audit.at(-1)).toMatchObject({ action: 'confirm', recovery: RECOVERY });
    expect(formatState(s)).toMatch(
      /Recovery\s+lead agency NHS England London, recovery owned by dme@barts.example.org/,
    );
    expect(historyLines(s).at(-1)).toContain(
      'confirmed category 3 (Major concerns) for regional governance, with lead agency NHS England London',
    );

    const toFour = (extra: object) => {
      let p = state(decide(s, 'propose', { ...ana, category: 4, rationale: 'x', evidence: TRIANGULATED }, ctx(28)));
      p = state(decide(p, 'confirm', ben, ctx(28)));
      return decide(p, 'sign-off', { ...nia, approve: true, rationale: 'agreed', ...extra }, ctx(29));
    };
    const carried = ok(toFour({}));
    expect(carried.state.recovery).toEqual({ ...RECOVERY, agreedAt: day(0), agreedBy: 'ben.governance' });
    expect(carried.notices[0]).toMatchObject({ category: 4, recovery: RECOVERY });
    const renamed = ok(toFour({ leadAgency: 'HEE national team', owner: 'recovery@barts.example.org' }));
    expect(renamed.state.recovery).toEqual({
      leadAgency: 'HEE national team',
      owner: 'recovery@barts.example.org',
      agreedAt: day(29),
      agreedBy: 'nia.national',
    });
    expect(refusal(toFour({ leadAgency: 'HEE national team' }))).toMatch(/^owner: approving category 4 needs/);
  });
});

describe('3. sustained, evidenced improvement before reinstatement', () => {
  function suspendedOn(n: number): ConcernState {
    let s = state(
      decide(
        confirmedAt(3),
        'propose',
        { ...ana, category: 4, ...URGENT, rationale: 'x', evidence: TRIANGULATED },
        ctx(n),
      ),
    );
    s = state(decide(s, 'confirm', ben, ctx(n)));
    return state(decide(s, 'sign-off', { ...nia, ...WAIVER, approve: true, rationale: 'x' }, ctx(n)));
  }
  const review = (s: ConcernState, n: number) =>
    state(
      decide(s, 'review', { ...ana, outcome: 'improving', summary: 'better', evidence: ['trainee forum'] }, ctx(n)),
    );

  it('needs the improving reviews to span 90 days to the proposal, and feedback among the evidence, saying what is missing and from when', () => {
    const s = review(review(suspendedOn(1), 10), 40);
    const propose = (n: number, evidence: unknown[]) =>
      decide(s, 'propose', { ...ana, category: 3, rationale: 'sustained', evidence }, ctx(n));
    expect(refusal(propose(60, FEEDBACK))).toBe(
      'category: leaving category 4 needs improvement sustained over 90 days (policy.sustainedImprovementFor): the improving reviews run from 2026-12-11, so it can be proposed from 2027-03-11',
    );
    expect(refusal(propose(100, TRIANGULATED))).toBe(
      'evidence: leaving category 4 needs feedback from consultants, other staff or learners among the evidence (consultant-feedback, staff-feedback, learner-feedback)',
    );
    for (const kind of ['consultant-feedback', 'staff-feedback', 'learner-feedback']) {
      expect(
        state(
          propose(100, [
            { kind, text: 'feedback' },
            { kind: 'provider-report', text: 'rota audit' },
          ]),
        ).pending,
      ).toMatchObject({ category: 3 });
    }
  });
});

describe('4. support programmes as processes', () => {
  it('demands no HEE response at category 1, and from 2 as before', () => {
    expect(confirmedAt(1).respondBy).toBeNull();
    expect(confirmedAt(2).respondBy).toBe(day(7));
  });

  it('asks a fresh recovery plan on entering category 4, whatever was agreed at 3', () => {
    let s = state(
      decide(
        confirmedAt(3),
        'plan-add',
        { ...ana, objective: 'Supervisor rota', owner: 'dme@barts.example.org', due: day(60), measure: 'rota' },
        ctx(1),
      ),
    );
    s = state(decide(s, 'plan-agree', { ...ana, agreedBy: 'Dr Dee Emm, DME' }, ctx(2)));
    expect(s).toMatchObject({ planAgreed: true, planDue: null });
    s = state(decide(s, 'propose', { ...ana, category: 4, ...URGENT, rationale: 'x', evidence: TRIANGULATED }, ctx(3)));
    s = state(decide(s, 'confirm', ben, ctx(3)));
    s = state(decide(s, 'sign-off', { ...nia, ...WAIVER, approve: true, rationale: 'x' }, ctx(4)));
    expect(s).toMatchObject({
      category: 4,
      planAgreed: false,
      planAgreedAt: null,
      planAgreedBy: null,
      planDue: day(32),
    });
    expect(clocksOf(s, exampleConfig.policy).find((c) => c.event === 'plan-overdue')?.at).toBe(day(32));
  });
});

describe('5. national oversight', () => {
  it("sends each review outcome at 3 and 4, with the plan's progress, to those reminded of reviews, and at 4 the commissioners and the HEE Executive", () => {
    expect(reviewOutcomeRoles(2)).toEqual([]);
    expect(reviewOutcomeRoles(3)).toEqual(['quality-team', 'head-of-school', 'jsog']);
    expect(reviewOutcomeRoles(4)).toEqual([
      'quality-team',
      'head-of-school',
      'jsog',
      'hee-executive',
      'local-commissioners',
      'regional-commissioners',
    ]);
    let s = state(
      decide(
        confirmedAt(3),
        'plan-add',
        { ...ana, objective: 'Supervisor rota', owner: 'dme@barts.example.org', due: day(20), measure: 'rota' },
        ctx(1),
      ),
    );
    const { notices } = ok(decide(s, 'review', { ...ana, outcome: 'no-change', summary: 'Rota unchanged' }, ctx(30)));
    expect(notices).toEqual([
      {
        event: 'review-outcome',
        roles: reviewOutcomeRoles(3),
        category: 3,
        outcome: 'no-change',
        summary: 'Rota unchanged',
        by: 'Ana Example',
        plan: { objectives: 1, done: 0, overdue: 1, agreed: false },
      },
    ]);
    s = state(
      decide(s, 'propose', { ...ana, category: 4, ...URGENT, rationale: 'x', evidence: TRIANGULATED }, ctx(31)),
    );
    s = state(
      decide(
        state(decide(s, 'confirm', ben, ctx(31))),
        'sign-off',
        { ...nia, ...WAIVER, approve: true, rationale: 'x' },
        ctx(31),
      ),
    );
    expect(
      ok(decide(s, 'review', { ...ana, outcome: 'improving', summary: 'Better' }, ctx(40))).notices[0].roles,
    ).toEqual(reviewOutcomeRoles(4));
  });

  it('gathers the national digest: concerns at 3 and 4, register changes this week, sign-offs waiting, notice deadlines, reviews overdue', () => {
    const three = confirmedAt(3);
    const awaiting = state(
      decide(
        state(
          decide(
            confirmedAt(2),
            'propose',
            { ...ana, category: 4, ...URGENT, rationale: 'x', evidence: TRIANGULATED },
            ctx(1),
          ),
        ),
        'confirm',
        ben,
        ctx(1),
      ),
    );
    const two = confirmedAt(2);
    const sections = nationalSections([three, awaiting, two], day(20));
    expect(sections.atThreeAndFour.map((s) => s.ref)).toEqual([three.ref]);
    expect(sections.awaitingSignOff.map((s) => s.ref)).toEqual([awaiting.ref]);
    expect(sections.noticeDeadlines.map((s) => s.ref)).toEqual([three.ref]);
    expect(sections.reviewsOverdue.map((s) => s.ref)).toEqual([three.ref]); // reviewed every 14 days at 3
  });
});

describe('6. smaller corrections', () => {
  it('flags a concern at 3 rated below 12', () => {
    const s = confirmedAt(3, { likelihood: 2, impact: 3 });
    expect(s.ratingCategoryMismatch).toBe(true);
    expect(formatState(s)).toContain('rated 6 at category 3: check the rating or the category');
  });

  it('mails no regulator for learners of a profession without one, and says so', () => {
    const s = confirmedAt(2, { professions: ['other'] });
    const notice: Notice = {
      event: 'category-confirmed',
      roles: stakeholdersFor(2),
      category: 2,
      rationale: null,
      by: 'Ben',
    };
    const { found, missing } = resolveNoticeRecipients(notice, s, exampleConfig);
    expect(found.some((f) => f.role === 'regulator')).toBe(false);
    expect(missing).toEqual([]);
    expect(formatState(s)).toContain('no statutory regulator: nobody is mailed as regulator');
    const pa = resolveNoticeRecipients(
      notice,
      confirmedAt(2, { professions: ['physician-associate', 'healthcare-science'] }),
      exampleConfig,
    );
    expect(pa.found.find((f) => f.role === 'regulator')?.addresses.sort()).toEqual([
      'education@hcpc.example.org',
      'quality-assurance@gmc.example.org',
    ]);
  });
});
