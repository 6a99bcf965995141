// Decommissioning a concern on the dev server with a real SMTP server: it closes on national
// sign-off and every category-4 stakeholder is told. (The rules alone:
// tests/unit/decommission.test.ts.)
import { stakeholdersFor } from '../policy';
import { opening, RECOVERY, TRIANGULATED, URGENT, WAIVER } from './support/fixtures';
import { devServerStack } from './support/stack';

const ana = { actor: 'ana.quality' };
const ben = { actor: 'ben.governance' };
const nia = { actor: 'nia.national' };

describe('decommissioning a concern on the dev server', () => {
  const server = devServerStack();

  it('closes the concern on national sign-off and tells every category-4 stakeholder', async () => {
    const o = opening({ category: 3 });
    await server().concerns.open(o);
    await server().concerns.decide(o.ref, 'confirm', { ...ben, ...RECOVERY });
    await server().concerns.decide(o.ref, 'propose', {
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'unsafe',
      evidence: TRIANGULATED,
    });
    await server().concerns.decide(o.ref, 'confirm', ben);
    await server().concerns.decide(o.ref, 'sign-off', { ...nia, ...WAIVER, approve: true, rationale: 'agreed' });
    await server().concerns.decide(o.ref, 'decommission', {
      ...ana,
      rationale: 'posts withdrawn',
      evidence: TRIANGULATED,
    });
    await server().concerns.decide(o.ref, 'confirm', ben);
    const [request] = await server()
      .inbox.waitFor(o.ref, 'sign-off-requested', 2)
      .then((m) => m.slice(-1));
    expect(request.subject).toContain('national sign-off requested: decommissioning the training posts');
    await server().concerns.decide(o.ref, 'sign-off', {
      ...nia,
      approve: true,
      rationale: 'posts withdrawn by the deanery',
    });

    const [mail] = await server().inbox.waitFor(o.ref, 'decommissioned');
    expect(mail.subject).toContain('training posts decommissioned: concern closed');
    expect(mail.text).toContain('Rationale: posts withdrawn');
    const state = await server().concerns.show(o.ref);
    expect(state).toMatchObject({ stage: 'closed', outcome: 'decommissioned' });
    const told = state.notifications.find((n) => n.event === 'decommissioned')!;
    expect(told.roles).toEqual(stakeholdersFor(4));
    expect(new Set(mail.recipients)).toEqual(new Set(told.recipients));
  });
});
