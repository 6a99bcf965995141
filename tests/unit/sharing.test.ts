// Sharing beyond the concern's own stakeholders, as pure rules: good practice at category 0 or 1,
// for the education and quality leads of the region's providers or of every provider; the agreed
// action plan, for regulators and partners. (With mail, on the dev server: tests/sharing.test.ts.)
import { historyLines } from '../../text/history';
import { decide, openConcern, type Notice } from '../../concern/decide';
import type { ConcernState } from '../../concern/state';
import { resolveNoticeRecipients } from '../../config/recipients';
import { accepted, context, exampleConfig, opening, refusal } from '../support/fixtures';

const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };
const summary = 'Named night-shift supervisor on every rota, with a bleep handover checklist';

function noticesOf(outcome: ReturnType<typeof decide>): Notice[] {
  return outcome.ok ? outcome.notices : [];
}

function atCategory(category: 0 | 1 | 2): ConcernState {
  const s = accepted(openConcern(opening({ category, likelihood: 1, impact: 2 }), context()));
  return accepted(decide(s, 'confirm', ben, context()));
}

function withAgreedPlan(): ConcernState {
  let s = atCategory(2);
  s = accepted(
    decide(
      s,
      'plan-add',
      {
        ...ana,
        objective: 'Fill the night rota',
        owner: 'dme@barts.example.org',
        due: '2027-03-31',
        measure: 'No unfilled shifts for four weeks',
      },
      context(),
    ),
  );
  return s;
}

describe('good practice, as rules', () => {
  it('is recorded at category 0 or 1 only', () => {
    expect(refusal(decide(atCategory(2), 'good-practice', { ...ana, summary }, context()))).toMatch(
      /is at category 2 \(Significant concerns\): good practice is recorded at category 0 or 1$/,
    );
    expect(
      refusal(decide(atCategory(1), 'good-practice', { ...ana, summary, share: 'everywhere' }, context())),
    ).toMatch(/^share: must be one of region, national/);
  });

  it('is kept on the concern, and mailed only when shared', () => {
    const kept = decide(atCategory(1), 'good-practice', { ...ana, summary }, context());
    expect(accepted(kept).goodPractice).toEqual([{ at: context().now, by: 'ana.quality', summary, share: null }]);
    expect(noticesOf(kept)).toEqual([]);
    const shared = decide(atCategory(0), 'good-practice', { ...ana, summary, share: 'national' }, context());
    expect(noticesOf(shared)).toEqual([
      {
        event: 'good-practice-shared',
        roles: ['provider-education-quality-lead'],
        category: 0,
        summary,
        by: 'Ana Example',
        across: 'national',
      },
    ]);
    expect(historyLines(accepted(shared)).at(-1)).toContain(
      'recorded good practice and shared it with the education and quality leads of every provider: Named night-shift supervisor',
    );
  });

  it("goes to the education and quality lead of each of the region's providers, or of every provider", () => {
    const concern = { region: 'london', provider: 'barts', professions: ['nursing' as const], contacts: {} };
    const notice = (across: 'region' | 'national'): Notice => ({
      event: 'good-practice-shared',
      roles: ['provider-education-quality-lead'],
      category: 0,
      summary,
      by: 'Ana',
      across,
    });
    const addresses = (across: 'region' | 'national') =>
      resolveNoticeRecipients(notice(across), concern, exampleConfig)
        .found.flatMap((f) => f.addresses)
        .sort();
    const london = Object.entries(exampleConfig.providers)
      .filter(([, p]) => p.region === 'london')
      .map(([, p]) => p.contacts['provider-education-quality-lead']![0]);
    const all = Object.values(exampleConfig.providers).map((p) => p.contacts['provider-education-quality-lead']![0]);
    expect(addresses('region')).toEqual(london.sort());
    expect(addresses('national')).toEqual(all.sort());
    expect(all.length).toBeGreaterThan(london.length);
  });
});

describe('sharing the action plan, as rules', () => {
  it('shares only an agreed plan, only with known regulators and partners', () => {
    const unagreed = withAgreedPlan();
    expect(refusal(decide(unagreed, 'plan-share', { ...ana, with: ['CQC'] }, context()))).toBe(
      `the action plan of ${unagreed.ref} is not agreed yet: only an agreed plan is shared (isf plan ${unagreed.ref} agree)`,
    );
    const agreed = accepted(decide(unagreed, 'plan-agree', { ...ana, agreedBy: 'Dr Dee Emm, DME' }, context()));
    expect(refusal(decide(agreed, 'plan-share', { ...ana, with: ['NHSI'] }, context()))).toBe(
      "with: 'NHSI' is not a regulator or partner with an address in the configuration (known: GMC, NMC, HCPC, GDC, GPhC, CQC, NHSE-regional)",
    );
    expect(refusal(decide(agreed, 'plan-share', { ...ana, with: [] }, context()))).toBe(
      'with: name at least one regulator or partner',
    );
  });

  it('records each share and sends the plan with its objectives and progress to each organisation', () => {
    const agreed = accepted(decide(withAgreedPlan(), 'plan-agree', { ...ana, agreedBy: 'Dr Dee Emm, DME' }, context()));
    const outcome = decide(agreed, 'plan-share', { ...ana, with: ['GMC', 'CQC', 'GMC'] }, context());
    expect(accepted(outcome).planShares).toEqual([{ at: context().now, by: 'ana.quality', with: ['GMC', 'CQC'] }]);
    const [notice] = noticesOf(outcome);
    expect(notice).toMatchObject({
      event: 'plan-shared',
      roles: ['partner'],
      organisations: ['GMC', 'CQC'],
      objectives: [{ id: 1, objective: 'Fill the night rota', done: false }],
    });
    const concern = { region: 'london', provider: 'barts', professions: ['nursing' as const], contacts: {} };
    expect(resolveNoticeRecipients(notice, concern, exampleConfig).found).toEqual([
      { role: 'partner', addresses: [...exampleConfig.regulators.GMC!, ...exampleConfig.partners.CQC] },
    ]);
    expect(historyLines(accepted(outcome)).at(-1)).toMatch(/shared the agreed action plan with GMC, CQC\.$/);
  });
});
