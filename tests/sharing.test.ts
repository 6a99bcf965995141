// Sharing beyond the concern's own stakeholders: good practice at category 0 or 1, mailed to the
// education and quality leads of the region's providers or of every provider; the agreed action
// plan, mailed to regulators and partners. The rules as pure functions, who receives the mail,
// then concerns on the dev server with a real SMTP server.
import { formatGoodPractice, formatState } from '../client/format';
import { historyLines } from '../client/history';
import { decide, openConcern, type Notice } from '../concern/decide';
import type { ConcernState } from '../concern/state';
import { resolveNoticeRecipients } from '../config/recipients';
import { buildPack, goodPracticeShared } from '../reports/pack';
import { loadConcerns } from '../reports/load';
import { renderPack } from '../reports/render';
import { accepted, context, exampleConfig, opening, refusal } from './support/fixtures';
import { devServerStack } from './support/stack';

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
  s = accepted(decide(s, 'plan-add', { ...ana, objective: 'Fill the night rota', owner: 'dme@barts.example.org', due: '2027-03-31', measure: 'No unfilled shifts for four weeks' }, context()));
  return s;
}

describe('good practice, as rules', () => {
  it('is recorded at category 0 or 1 only', () => {
    expect(refusal(decide(atCategory(2), 'good-practice', { ...ana, summary }, context()))).toMatch(/is at category 2 \(Significant concerns\): good practice is recorded at category 0 or 1$/);
    expect(refusal(decide(atCategory(1), 'good-practice', { ...ana, summary, share: 'everywhere' }, context()))).toMatch(/^share: must be one of region, national/);
  });

  it('is kept on the concern, and mailed only when shared', () => {
    const kept = decide(atCategory(1), 'good-practice', { ...ana, summary }, context());
    expect(accepted(kept).goodPractice).toEqual([{ at: context().now, by: 'ana.quality', summary, share: null }]);
    expect(noticesOf(kept)).toEqual([]);
    const shared = decide(atCategory(0), 'good-practice', { ...ana, summary, share: 'national' }, context());
    expect(noticesOf(shared)).toEqual([
      { event: 'good-practice-shared', roles: ['provider-education-quality-lead'], category: 0, summary, by: 'Ana Example', across: 'national' },
    ]);
    expect(historyLines(accepted(shared)).at(-1)).toContain("recorded good practice and shared it with the education and quality leads of every provider: Named night-shift supervisor");
  });

  it("goes to the education and quality lead of each of the region's providers, or of every provider", () => {
    const concern = { region: 'london', provider: 'barts', professions: ['nursing' as const], contacts: {} };
    const notice = (across: 'region' | 'national'): Notice => ({ event: 'good-practice-shared', roles: ['provider-education-quality-lead'], category: 0, summary, by: 'Ana', across });
    const addresses = (across: 'region' | 'national') => resolveNoticeRecipients(notice(across), concern, exampleConfig).found.flatMap((f) => f.addresses).sort();
    const london = Object.entries(exampleConfig.providers).filter(([, p]) => p.region === 'london').map(([, p]) => p.contacts['provider-education-quality-lead']![0]);
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
    expect(refusal(decide(agreed, 'plan-share', { ...ana, with: [] }, context()))).toBe('with: name at least one regulator or partner');
  });

  it('records each share and sends the plan with its objectives and progress to each organisation', () => {
    const agreed = accepted(decide(withAgreedPlan(), 'plan-agree', { ...ana, agreedBy: 'Dr Dee Emm, DME' }, context()));
    const outcome = decide(agreed, 'plan-share', { ...ana, with: ['GMC', 'CQC', 'GMC'] }, context());
    expect(accepted(outcome).planShares).toEqual([{ at: context().now, by: 'ana.quality', with: ['GMC', 'CQC'] }]);
    const [notice] = noticesOf(outcome);
    expect(notice).toMatchObject({ event: 'plan-shared', roles: ['partner'], organisations: ['GMC', 'CQC'], objectives: [{ id: 1, objective: 'Fill the night rota', done: false }] });
    const concern = { region: 'london', provider: 'barts', professions: ['nursing' as const], contacts: {} };
    expect(resolveNoticeRecipients(notice, concern, exampleConfig).found).toEqual([
      { role: 'partner', addresses: [...exampleConfig.regulators.GMC!, ...exampleConfig.partners.CQC] },
    ]);
    expect(historyLines(accepted(outcome)).at(-1)).toMatch(/shared the agreed action plan with GMC, CQC\.$/);
  });
});

describe('sharing on the dev server', () => {
  const server = devServerStack();

  it('mails shared good practice to the region\'s providers, lists it, and puts it in the governance pack', async () => {
    const o = opening({ category: 1, likelihood: 1, impact: 2 });
    await server().concerns.open(o);
    await server().concerns.decide(o.ref, 'confirm', ben);
    await server().concerns.decide(o.ref, 'good-practice', { ...ana, summary, share: 'region' });
    const [mail] = await server().inbox.waitFor(o.ref, 'good-practice-shared');
    expect(mail.subject).toBe('[ISF] good practice to share: Royal London Hospital, Emergency Department, Barts Health NHS Trust');
    expect(mail.text).toContain(summary);
    expect(mail.text).toContain("shared with the education and quality leads of the region's providers");
    // About the practice alone: nothing of the concern it was found in.
    for (const secret of [o.ref, o.title, 'category', 'likelihood']) expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    const london = Object.values(exampleConfig.providers).filter((p) => p.region === 'london').map((p) => p.contacts['provider-education-quality-lead']![0]);
    expect(mail.recipients.sort()).toEqual(london.sort());

    const states = await loadConcerns(server().client, { regions: ['london'], from: new Date(0).toISOString(), to: new Date().toISOString() });
    const listed = goodPracticeShared(states).filter((g) => g.ref === o.ref);
    expect(listed).toEqual([expect.objectContaining({ ref: o.ref, provider: 'barts', category: 1, share: 'region', summary })]);
    expect(formatGoodPractice(listed)).toContain('region');
    expect(formatState(states.find((s) => s.ref === o.ref)!)).toMatch(/Good practice\s+.* Named night-shift supervisor .*\(shared: region\)/);
    const html = renderPack(buildPack(states, { from: new Date(0).toISOString(), to: new Date().toISOString(), region: 'london', policy: exampleConfig.policy }));
    expect(html).toContain('<h2>Good practice</h2>');
    expect(html).toContain(summary);
  });

  it('mails the agreed plan to the regulators and partners named, and records each share', async () => {
    const o = opening();
    await server().concerns.open(o);
    await server().concerns.decide(o.ref, 'confirm', ben);
    await server().concerns.decide(o.ref, 'plan-add', { ...ana, objective: 'Fill the night rota', owner: 'dme@barts.example.org', due: '2027-03-31', measure: 'No unfilled shifts' });
    await expect(server().concerns.decide(o.ref, 'plan-share', { ...ana, with: ['CQC'] })).rejects.toThrow(/not agreed yet/);
    await server().concerns.decide(o.ref, 'plan-agree', { ...ana, agreedBy: 'Dr Dee Emm, DME' });
    const state = await server().concerns.decide(o.ref, 'plan-share', { ...ana, with: ['GMC', 'CQC'] });
    expect(state.planShares).toHaveLength(1);
    const [mail] = await server().inbox.waitFor(o.ref, 'plan-shared');
    expect(mail.recipients.sort()).toEqual([...exampleConfig.regulators.GMC!, ...exampleConfig.partners.CQC].sort());
    expect(mail.text).toContain('1. Fill the night rota — owner dme@barts.example.org');
    const shown = await server().concerns.show(o.ref);
    expect(shown.notifications.find((n) => n.event === 'plan-shared')).toMatchObject({ roles: ['partner'] });
    expect(formatState(shown)).toMatch(/Plan shared\s+.* with GMC, CQC/);
  });
});
