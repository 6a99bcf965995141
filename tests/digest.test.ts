// Seeing what is due, on the dev server: `isf inbox`, the agenda behind `isf due`, the weekly
// digest's schedules (idempotent) and the digest's content, read from real concerns.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { agendaOf } from '../reads/agenda';
import { statesOf } from '../reads/states';
import { inboxOf } from '../client/inbox';
import { after } from '../config/durations';
import { applyDigestSchedules, digestScheduleId, NATIONAL_DIGEST_SCHEDULE } from '../ops/schedules';
import { opening, RECOVERY, TRIANGULATED, URGENT } from './support/fixtures';
import { startStack, type TestStack } from './support/stack';
import { eventually } from './support/eventually';
import { bundleWorkflows } from './support/temporal';

let stack: TestStack;
let bundle: WorkflowBundleWithSourceMap;
const ana = { actor: 'ana.quality' };

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('dev server', bundle);
});
afterAll(() => stack?.stop());

describe('what falls due', () => {
  let awaiting: string;
  let onRegister: string;
  let toFour: string;
  let elsewhere: string;

  beforeAll(async () => {
    awaiting = (await stack.concerns.open(opening())).ref;
    const b = opening({ category: 3 });
    await stack.concerns.open(b);
    await stack.concerns.decide(b.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
    await stack.concerns.decide(b.ref, 'plan-add', {
      ...ana,
      objective: 'Fill the night rota',
      owner: 'dme@barts.example.org',
      due: after(new Date().toISOString(), '3 days'),
      measure: 'No gaps',
    });
    onRegister = b.ref;
    const d = opening({ category: 3 });
    await stack.concerns.open(d);
    await stack.concerns.decide(d.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
    await stack.concerns.decide(d.ref, 'propose', {
      evidence: TRIANGULATED,
      ...ana,
      category: 4,
      ...URGENT,
      rationale: 'Unsafe',
    });
    await stack.concerns.decide(d.ref, 'confirm', { actor: 'hana.hoq' });
    toFour = d.ref;
    elsewhere = (await stack.concerns.open(opening({ region: 'midlands', provider: 'uhb', actor: 'omar.quality' })))
      .ref;
  });

  it('lists for each person what waits on them', async () => {
    const now = new Date().toISOString();
    const inbox = (user: string) =>
      eventually(
        () => inboxOf(stack, stack.config, user, now),
        (items) => items.length > 0,
      );
    expect((await inbox('ben.governance')).map((i) => [i.ref, i.task])).toEqual([[awaiting, 'confirm']]);
    const national = await inbox('nia.national');
    expect(national).toEqual([
      expect.objectContaining({
        ref: toFour,
        task: 'sign-off',
        what: 'sign off category 3 → 4 (proposed by ana.quality, confirmed by hana.hoq)',
      }),
    ]);
    // Hana confirmed it, so it does not wait on her as a national user; she is not one anyway.
    const team = await inbox('ana.quality');
    expect(team.map((i) => i.task)).toEqual(expect.arrayContaining(['response', 'objective']));
    expect(team.every((i) => i.region === 'london')).toBe(true);
    expect(team.find((i) => i.task === 'objective')).toMatchObject({
      ref: onRegister,
      what: 'objective 1: Fill the night rota',
    });
    expect((await inbox('mia.governance')).map((i) => i.ref)).toEqual([elsewhere]);
  });

  it('finds deadlines through the IsfNextDeadline search attribute, soonest first', async () => {
    const now = new Date().toISOString();
    const until = after(now, '5 days');
    const states = await eventually(
      () => statesOf(stack, { regions: ['london'], dueBefore: until }),
      (s) => s.length > 0,
    );
    expect(states.map((s) => s.ref)).toEqual([onRegister]);
    expect(agendaOf(states, stack.config.policy, now, until).map((a) => [a.ref, a.kind, a.overdue])).toEqual([
      [onRegister, 'objective', false],
    ]);
  });

  it('schedules a weekly digest per region and a national one, Mondays at 08:00 London time, idempotently', async () => {
    const client = stack.client;
    const [london, midlands] = [digestScheduleId('london'), digestScheduleId('midlands')];
    expect(await applyDigestSchedules(client, ['london', 'midlands'])).toEqual({
      created: [london, midlands, NATIONAL_DIGEST_SCHEDULE],
      updated: [],
      removed: [],
    });
    expect(await applyDigestSchedules(client, ['london', 'midlands'])).toEqual({
      created: [],
      updated: [london, midlands, NATIONAL_DIGEST_SCHEDULE],
      removed: [],
    });
    expect(await applyDigestSchedules(client, ['london'])).toEqual({
      created: [],
      updated: [london, NATIONAL_DIGEST_SCHEDULE],
      removed: [midlands],
    });
    for (const id of [london, NATIONAL_DIGEST_SCHEDULE]) {
      const next = (await client.schedule.getHandle(id).describe()).info.nextActionTimes[0];
      const when = new Intl.DateTimeFormat('en-GB', {
        weekday: 'long',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'Europe/London',
      }).format(next);
      expect(when).toBe('Monday 08:00');
    }
  });

  it("mails the region's digest: overdue, due this week, awaiting decisions, on the registers", async () => {
    await eventually(
      () => statesOf(stack, { regions: ['london'] }),
      (s) => s.length >= 3,
    );
    await stack.client.schedule.getHandle(digestScheduleId('london')).trigger();
    const digest = await stack.inbox.waitForHeader('x-isf-event', 'weekly-digest');
    expect(digest).toHaveLength(1);
    const [mail] = digest;
    // One message per recipient: nobody sees another's address.
    expect(mail.messages.map((m) => m.recipients)).toEqual(mail.recipients.map((r) => [r]));
    expect(mail.recipients.sort()).toEqual([
      'ana.quality@example.nhs.uk',
      'hana.hoq@example.nhs.uk',
      'head-of-quality.london@example.nhs.uk',
    ]);
    expect(mail.subject).toMatch(/^\[ISF London\] weekly digest: 0 overdue, \d+ due this week, 2 awaiting decisions$/);
    const section = (title: string) => mail.text.split(/\n\n/).find((block) => block.startsWith(title)) ?? '';
    expect(section('Awaiting regional governance (1)')).toContain(awaiting);
    expect(section('Awaiting national sign-off (1)')).toContain(toFour);
    expect(section('On the regional and national risk registers (2)')).toContain(onRegister);
    expect(section('Due in the next 7 days')).toContain('objective 1: Fill the night rota');
    expect(mail.text).not.toContain(elsewhere);
  });

  it('mails the national digest to JSOG, the HEE Executive and national scrutiny: concerns at 3 and 4, register changes, sign-offs waiting, notice deadlines, reviews overdue', async () => {
    // Its register change recorded (the notice sent) before the digest reads it.
    await eventually(
      () => stack.concerns.show(onRegister),
      (s) => s.notifications.some((n) => n.event === 'register-change'),
    );
    await stack.client.schedule.getHandle(NATIONAL_DIGEST_SCHEDULE).trigger();
    const [mail] = await stack.inbox.waitForHeader('x-isf-event', 'national-digest');
    expect(mail.recipients.sort()).toEqual([
      'executive@example.nhs.uk',
      'jsog@example.nhs.uk',
      'nia.national@example.nhs.uk',
      'noah.national@example.nhs.uk',
    ]);
    expect(mail.messages.every((m) => m.recipients.length === 1)).toBe(true);
    expect(mail.subject).toMatch(
      /^\[ISF national\] weekly digest: \d+ at category 3 or 4, \d+ awaiting sign-off, \d+ reviews overdue$/,
    );
    const section = (title: string) => mail.text.split(/\n\n/).find((block) => block.startsWith(title)) ?? '';
    expect(section('At category 3 and 4')).toContain(onRegister);
    expect(section('At category 3 and 4')).toContain(toFour);
    expect(section('Changes to the national risk register this week')).toContain(onRegister);
    expect(section('Awaiting national sign-off')).toMatch(new RegExp(`${toFour}\\s+category 3 → 4`));
    expect(section('Notices of intention')).toContain(onRegister);
    expect(section('Reviews overdue at category 3 and 4')).toMatch(/\(\d+\)/);
    expect(mail.text).not.toContain(awaiting);
  });
});
