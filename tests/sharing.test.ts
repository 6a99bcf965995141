// Sharing on the dev server with a real SMTP server: good practice mailed to the region's
// providers, listed and in the pack; the agreed plan mailed to regulators and partners. (The rules
// alone: tests/unit/sharing.test.ts.)
import { formatGoodPractice, formatState } from '../client/format';
import { buildPack, goodPracticeShared } from '../reports/pack';
import { loadConcerns } from '../reports/load';
import { renderPack } from '../reports/render';
import { exampleConfig, opening } from './support/fixtures';
import { devServerStack } from './support/stack';

const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };
const summary = 'Named night-shift supervisor on every rota, with a bleep handover checklist';

describe('sharing on the dev server', () => {
  const server = devServerStack();

  it("mails shared good practice to the region's providers, lists it, and puts it in the governance pack", async () => {
    const o = opening({ category: 1, likelihood: 1, impact: 2 });
    await server().concerns.open(o);
    await server().concerns.decide(o.ref, 'confirm', ben);
    await server().concerns.decide(o.ref, 'good-practice', { ...ana, summary, share: 'region' });
    const [mail] = await server().inbox.waitFor(o.ref, 'good-practice-shared');
    expect(mail.subject).toBe(
      '[ISF] good practice to share: Royal London Hospital, Emergency Department, Barts Health NHS Trust',
    );
    expect(mail.text).toContain(summary);
    expect(mail.text).toContain("shared with the education and quality leads of the region's providers");
    // About the practice alone: nothing of the concern it was found in.
    for (const secret of [o.ref, o.title, 'category', 'likelihood'])
      expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    const london = Object.values(exampleConfig.providers)
      .filter((p) => p.region === 'london')
      .map((p) => p.contacts['provider-education-quality-lead']![0]);
    expect(mail.recipients.sort()).toEqual(london.sort());

    const states = await loadConcerns(server(), {
      regions: ['london'],
      from: new Date(0).toISOString(),
      to: new Date().toISOString(),
    });
    const listed = goodPracticeShared(states).filter((g) => g.ref === o.ref);
    expect(listed).toEqual([
      expect.objectContaining({ ref: o.ref, provider: 'barts', category: 1, share: 'region', summary }),
    ]);
    expect(formatGoodPractice(listed)).toContain('region');
    expect(formatState(states.find((s) => s.ref === o.ref)!)).toMatch(
      /Good practice\s+.* Named night-shift supervisor .*\(shared: region\)/,
    );
    const html = renderPack(
      buildPack(states, {
        from: new Date(0).toISOString(),
        to: new Date().toISOString(),
        region: 'london',
        policy: exampleConfig.policy,
      }),
    );
    expect(html).toContain('<h2>Good practice</h2>');
    expect(html).toContain(summary);
  });

  it('mails the agreed plan to the regulators and partners named, and records each share', async () => {
    const o = opening();
    await server().concerns.open(o);
    await server().concerns.decide(o.ref, 'confirm', ben);
    await server().concerns.decide(o.ref, 'plan-add', {
      ...ana,
      objective: 'Fill the night rota',
      owner: 'dme@barts.example.org',
      due: '2027-03-31',
      measure: 'No unfilled shifts',
    });
    await expect(server().concerns.decide(o.ref, 'plan-share', { ...ana, with: ['CQC'] })).rejects.toThrow(
      /not agreed yet/,
    );
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
