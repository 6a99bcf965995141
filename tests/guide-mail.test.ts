// The guide followed to the letter (issue 15) on the dev server: every decision through `isf` and
// the ISF service, every notice read back from a real SMTP server as each audience received it.
// The notice period and sustained improvement run in seconds here (policy), as in the demo.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ConcernState } from '../concern/state';
import { NATIONAL_DIGEST_SCHEDULE } from '../ops/schedules';
import { freshRef } from './support/fixtures';
import type { ReceivedMail, ReceivedNotice } from './support/inbox';
import { isf } from './support/processes';
import { startService, type TestService } from './support/service';
import { codecKeysJson, startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';

jest.setTimeout(240_000);

let bundle: WorkflowBundleWithSourceMap;
let stack: TestStack;
let service: TestService;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('dev server', bundle, { policy: { noticePeriod: '20s', sustainedImprovementFor: '10s' } });
  service = await startService(stack);
});
afterAll(async () => {
  await service?.stop();
  await stack?.stop();
});

/** `isf ARGS --json` as USER; its state, or a failure with what it said. */
async function ok(as: string, ...args: string[]): Promise<ConcernState> {
  const ran = await isf([...args, '--as', as, '--json'], service.env);
  if (ran.code !== 0) throw new Error(`isf ${args.join(' ')}: exit ${ran.code}: ${ran.stderr}`);
  return JSON.parse(ran.stdout) as ConcernState;
}

/** `isf ARGS` as USER, refused: its one line. */
async function refused(as: string, ...args: string[]): Promise<string> {
  const ran = await isf([...args, '--as', as], service.env);
  expect(ran.code).toBe(1);
  return ran.stderr.trim();
}

const show = async (ref: string) => (await isf(['show', ref, '--as', 'ana.quality'], service.env)).stdout;
const notice = async (ref: string, event: string, count = 1): Promise<ReceivedNotice> =>
  (await stack.inbox.waitFor(ref, event, count)).at(count - 1)!;
const to = (n: ReceivedNotice, address: string): ReceivedMail => {
  const found = n.messages.find((m) => m.recipients[0] === address);
  if (!found) throw new Error(`${address} got no ${n.headers['x-isf-event']} (to: ${n.recipients.join(', ')})`);
  return found;
};

function open(ref: string, category: string, extra: string[] = []): Promise<ConcernState> {
  return ok(
    'ana.quality',
    'open',
    '--ref',
    ref,
    '--title',
    'Foundation doctors unsupervised on night shifts',
    '--region',
    'london',
    '--provider',
    'barts',
    '--site',
    'Royal London Hospital, Emergency Department',
    '--learners',
    '14',
    '--source',
    'learner-survey',
    '--likelihood',
    '3',
    '--impact',
    '4',
    '--category',
    category,
    '--rationale',
    'Survey red flags for supervision out of hours',
    ...(extra.includes('--profession') ? [] : ['--profession', 'medical-postgraduate']),
    ...extra,
  );
}
const RECOVERY = ['--lead-agency', 'NHS England London', '--owner', 'recovery.lead@barts.example.org'];
const TWO_KINDS = [
  '--evidence',
  'learner-survey:Pulse survey: 9 of 14 unsupervised',
  '--evidence',
  'clinical-opinion:Deanery clinical lead',
];

describe('1. told as appropriate, each audience in its own words', () => {
  it('sends one message per recipient, holds back a local role at category 1 until restored, and tells when a category settles and a concern closes', async () => {
    const ref = freshRef('AUD');
    await open(ref, '1', ['--likelihood', '1', '--impact', '2']);
    expect(
      await refused('ana.quality', 'audience', ref, '--withhold', 'regional-head-of-quality', '--reason', 'x'),
    ).toMatch(/^isf: withhold: must be one of head-of-school, .* \(got 'regional-head-of-quality'\)$/);
    expect(await refused('ana.quality', 'audience', ref, '--withhold', 'affected-learners')).toBe(
      'isf: reason: withholding a role needs a reason',
    );
    const held = await ok(
      'ana.quality',
      'audience',
      ref,
      '--withhold',
      'affected-learners',
      '--reason',
      'The learner who raised it asked not to be identified',
    );
    expect(held.withheld).toEqual([expect.objectContaining({ role: 'affected-learners', by: 'ana.quality' })]);
    expect(await show(ref)).toMatch(
      /Held back\s+affected-learners: The learner who raised it asked not to be identified/,
    );
    expect((await isf(['history', ref, '--as', 'ana.quality'], service.env)).stdout).toContain(
      "held back the concern's notices from the affected learners",
    );

    await ok('ben.governance', 'confirm', ref, '--rationale', 'Agreed at the quality panel');
    const confirmed = await notice(ref, 'category-confirmed');
    expect(confirmed.recipients).not.toContain('learners@barts.example.org');
    expect(confirmed.recipients).toContain('educational-supervisors@barts.example.org');
    const state = await ok('ana.quality', 'show', ref);
    expect(state.notifications.find((n) => n.event === 'category-confirmed')).toMatchObject({
      withheld: ['affected-learners'],
      recipients: expect.not.arrayContaining(['learners@barts.example.org']) as unknown,
    });
    expect(await show(ref)).toMatch(/category-confirmed\s+category 1\s+\d+ recipients, held back: affected-learners/);

    await ok('ana.quality', 'audience', ref, '--restore', 'affected-learners');
    await ok('ana.quality', 'close', ref, '--rationale', 'Supervision rota restored');
    const closed = await notice(ref, 'concern-closed');
    expect(closed.recipients.sort()).toEqual(
      expect.arrayContaining(['learners@barts.example.org', 'educational-supervisors@barts.example.org']),
    );
    for (const m of closed.messages) expect(m.shown).toEqual(m.recipients);
    expect(to(closed, 'learners@barts.example.org').text).toContain('has been resolved and closed');
    expect(to(closed, 'learners@barts.example.org').text).not.toContain('Supervision rota restored');
    expect(to(closed, 'heads-of-school.london@example.nhs.uk').text).toContain('Rationale: Supervision rota restored');
  });

  it('shares good practice about the practice alone', async () => {
    const ref = freshRef('GP');
    await open(ref, '1', ['--likelihood', '1', '--impact', '2']);
    await ok('ben.governance', 'confirm', ref);
    await ok(
      'ana.quality',
      'good-practice',
      ref,
      '--summary',
      'Named night supervisor on every shift',
      '--share',
      'region',
    );
    const shared = await notice(ref, 'good-practice-shared');
    for (const m of shared.messages) {
      const all = `${m.subject}\n${m.text}`;
      expect(all).toContain('Named night supervisor on every shift');
      expect(all).toContain('Royal London Hospital, Emergency Department');
      for (const secret of ['Foundation doctors unsupervised', ref, 'category', 'likelihood', '14'])
        expect(all).not.toContain(secret);
    }
  });
});

describe('2–5. the road to suspension and back, support and national oversight', () => {
  const ref = freshRef('ROAD');

  it('needs the lead agency and owner to confirm category 3, and gives notice that approval may be withdrawn or training suspended, with its end date', async () => {
    await open(ref, '3');
    expect(await refused('ben.governance', 'confirm', ref)).toBe(
      'isf: lead-agency: confirming category 3 needs an agreed lead agency and owner of the recovery (--lead-agency TEXT --owner ADDRESS)',
    );
    const at3 = await ok('ben.governance', 'confirm', ref, ...RECOVERY);
    expect(at3.recovery).toMatchObject({ leadAgency: 'NHS England London', owner: 'recovery.lead@barts.example.org' });
    expect(await show(ref)).toMatch(
      /Recovery\s+lead agency NHS England London, recovery owned by recovery\.lead@barts\.example\.org/,
    );
    const intention = await notice(ref, 'notice-of-intention');
    expect(intention.recipients.sort()).toEqual([
      'chief.executive@barts.example.org',
      'medical.director@barts.example.org',
    ]);
    const ceo = to(intention, 'chief.executive@barts.example.org');
    expect(ceo.text).toContain(
      'may be withdrawn, or training suspended, if rapid and sustained directed improvements are not made',
    );
    expect(ceo.text).toMatch(/The notice period ends on \d+ \w+ \d{4}, \d\d:\d\d\./);
    expect(ceo.text).toContain('Rationale: Survey red flags');
    expect(ceo.text).not.toContain('Ben Example');
  });

  it('sends each review outcome at 3 to those reminded of reviews', async () => {
    await ok('ana.quality', 'review', ref, '--outcome', 'no-change', '--summary', 'Rota unchanged at the visit');
    const outcome = await notice(ref, 'review-outcome');
    expect(outcome.recipients.sort()).toEqual([
      'ana.quality@example.nhs.uk',
      'hana.hoq@example.nhs.uk',
      'heads-of-school.london@example.nhs.uk',
      'jsog@example.nhs.uk',
    ]);
    expect(outcome.text).toContain('Review: Rota unchanged at the visit');
  });

  it('refuses category 4 until the notice period has run, naming from when; its deadline is told; then it may be proposed', async () => {
    const early = await refused(
      'ana.quality',
      'propose',
      ref,
      '--category',
      '4',
      '--rationale',
      'No improvement',
      ...TWO_KINDS,
    );
    expect(early).toMatch(
      /^isf: category: the notice of intention given on \d{4}-\d\d-\d\d runs until \d{4}-\d\d-\d\d \(policy\.noticePeriod, 20s\): category 4 can be proposed from \d{4}-\d\d-\d\d, or now with --waive-notice on the urgent route \(patient or learner safety\)$/,
    );
    const deadline = await notice(ref, 'notice-deadline');
    expect(deadline.recipients.sort()).toEqual([
      'ana.quality@example.nhs.uk',
      'ben.governance@example.nhs.uk',
      'hana.hoq@example.nhs.uk',
      'head-of-quality.london@example.nhs.uk',
    ]);
    await ok(
      'ana.quality',
      'propose',
      ref,
      '--category',
      '4',
      '--rationale',
      'No improvement after the notice period',
      ...TWO_KINDS,
    );
    await ok('ben.governance', 'confirm', ref);
  });

  it('carries the recovery into 4, asks a fresh recovery plan, and tells each of the 25 in their own words', async () => {
    const four = await ok(
      'nia.national',
      'sign-off',
      ref,
      '--approve',
      '--rationale',
      'JSOG agreed: learners unsafe at night',
    );
    expect(four).toMatchObject({
      category: 4,
      trainingSuspended: true,
      recovery: { leadAgency: 'NHS England London' },
      planAgreed: false,
      planDue: expect.any(String) as unknown,
    });
    const changes = await stack.inbox.waitFor(ref, 'category-changed', 2);
    const suspension = changes.find((n) => n.subject.includes('category 4'))!;
    expect(suspension.messages).toHaveLength(25); // 25 roles; the GMC alone regulates these learners
    const full = to(suspension, 'pg-dean.london@example.nhs.uk');
    expect(full.text).toContain('National scrutiny (Nia Example) signed the change off.');
    expect(full.text).toContain('likelihood 3 × impact 4 = 12');
    const formal = to(suspension, 'chief.executive@barts.example.org');
    // The move's rationale is the proposal's.
    expect(formal.text).toContain('Rationale: No improvement after the notice period');
    expect(formal.text).toContain('Recovery: lead agency NHS England London');
    expect(formal.text).not.toContain('Nia Example');
    for (const plain of [
      'learners@barts.example.org',
      'educational-supervisors@barts.example.org',
      'commissioning@ne-london-icb.example.org',
      'commissioning.london@example.nhs.uk',
    ]) {
      const m = to(suspension, plain);
      expect(m.subject).toBe('Learning environment update: Royal London Hospital, Emergency Department');
      for (const secret of [
        'No improvement',
        'Nia Example',
        'Ana Example',
        'likelihood',
        '= 12',
        'Foundation doctors',
        ref,
      ])
        expect(`${m.subject}\n${m.text}`).not.toContain(secret);
    }
    expect(to(suspension, 'learners@barts.example.org').text).toContain('your training will continue somewhere safe');
    const gmc = to(suspension, 'quality-assurance@gmc.example.org');
    expect(gmc.text).toMatch(/Category\s+category 4 \(Training suspended\), confirmed/);
    expect(gmc.text).toMatch(/Professions\s+medical-postgraduate/);
    expect(gmc.text).not.toContain('No improvement');
  });

  it('sends review outcomes at 4 to the commissioners and the HEE Executive too, and leaves 4 only on improvement sustained and evidenced with feedback', async () => {
    await ok(
      'ana.quality',
      'review',
      ref,
      '--outcome',
      'improving',
      '--summary',
      'Supervisor on every night',
      '--evidence',
      'learner-feedback:Trainee forum',
    );
    const outcome = await notice(ref, 'review-outcome', 2);
    expect(outcome.recipients).toEqual(
      expect.arrayContaining([
        'commissioning@ne-london-icb.example.org',
        'commissioning.london@example.nhs.uk',
        'executive@example.nhs.uk',
      ]),
    );
    await ok(
      'ana.quality',
      'review',
      ref,
      '--outcome',
      'improving',
      '--summary',
      'Still good',
      '--evidence',
      'consultant-feedback:Consultant body',
    );
    const feedback = [
      '--evidence',
      'consultant-feedback:Consultants: supervision reliable',
      '--evidence',
      'provider-report:Rota compliance report',
    ];
    expect(
      await refused(
        'ana.quality',
        'propose',
        ref,
        '--category',
        '3',
        '--rationale',
        'Sustained improvement',
        ...feedback,
      ),
    ).toMatch(
      /^isf: category: leaving category 4 needs improvement sustained over 10s \(policy\.sustainedImprovementFor\): the improving reviews run from \d{4}-\d\d-\d\d, so it can be proposed from \d{4}-\d\d-\d\d$/,
    );
    await new Promise((r) => setTimeout(r, 11_000));
    expect(
      await refused(
        'ana.quality',
        'propose',
        ref,
        '--category',
        '3',
        '--rationale',
        'Sustained improvement',
        ...TWO_KINDS,
      ),
    ).toBe(
      'isf: evidence: leaving category 4 needs feedback from consultants, other staff or learners among the evidence (consultant-feedback, staff-feedback, learner-feedback)',
    );
    expect(
      await ok('ana.quality', 'propose', ref, '--category', '3', '--rationale', 'Sustained improvement', ...feedback),
    ).toMatchObject({ pending: { category: 3, nationalSignOff: true } });
  });

  it('takes the urgent route with --waive-notice, approved explicitly at sign-off, and says so in the notice', async () => {
    const urgent = freshRef('URG');
    await open(urgent, '2');
    await ok('ben.governance', 'confirm', urgent);
    await ok(
      'ana.quality',
      'propose',
      urgent,
      '--category',
      '4',
      '--waive-notice',
      '--rationale',
      'Learners at risk tonight',
      ...TWO_KINDS,
    );
    await ok('ben.governance', 'confirm', urgent);
    expect(await refused('nia.national', 'sign-off', urgent, '--approve', '--rationale', 'Agreed', ...RECOVERY)).toBe(
      'isf: approve-waiver: category 4 was proposed on the urgent route, waiving the notice period; approving it needs the waiver approved too (--approve-waiver)',
    );
    await ok('nia.national', 'sign-off', urgent, '--approve', '--approve-waiver', '--rationale', 'Agreed', ...RECOVERY);
    const changes = await stack.inbox.waitFor(urgent, 'category-changed', 2);
    expect(changes.at(-1)!.text).toContain(
      'The notice period was waived on the urgent route (patient or learner safety), as national sign-off approved.',
    );
    expect((await isf(['history', urgent, '--as', 'ana.quality'], service.env)).stdout).toContain(
      'approving the waiver of the notice period',
    );
  });

  it('sends the national digest, applied by isf schedules apply, to JSOG, the HEE Executive and national scrutiny', async () => {
    const operator = {
      ...service.env,
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      ISF_CODEC_KEYS: codecKeysJson(stack.codecKeys!),
    };
    const applied = await isf(['schedules', 'apply', '--json'], operator);
    expect(applied.code).toBe(0);
    expect((JSON.parse(applied.stdout) as { created: string[] }).created).toContain(NATIONAL_DIGEST_SCHEDULE);
    await stack.client.schedule.getHandle(NATIONAL_DIGEST_SCHEDULE).trigger();
    const [digest] = await stack.inbox.waitForHeader('x-isf-event', 'national-digest');
    expect(digest.recipients.sort()).toEqual([
      'executive@example.nhs.uk',
      'jsog@example.nhs.uk',
      'nia.national@example.nhs.uk',
      'noah.national@example.nhs.uk',
    ]);
    expect(digest.text).toContain(ref);
  });
});

describe('4. support programmes as processes', () => {
  it("keeps the provider's self-directed plan from category 1, tied to interventions, agreed by a named person there, with no HEE response demanded", async () => {
    const ref = freshRef('PLAN');
    const one = await open(ref, '1', ['--likelihood', '1', '--impact', '2']);
    expect(one.respondBy).toBeNull();
    await ok('ben.governance', 'confirm', ref);
    const add = [
      'plan',
      'add',
      ref,
      '--objective',
      'Named supervisor every night',
      '--owner',
      'dme@barts.example.org',
      '--due',
      '+6w',
      '--measure',
      'Rota audit',
    ];
    expect(await refused('ana.quality', ...add, '--answers', '1')).toBe(
      `isf: answers: ${ref} has no interventions logged; an objective answers one of them (1 to 0)`,
    );
    await ok('ana.quality', 'intervene', ref, '--kind', 'desktop-review', '--summary', 'Desktop review of rota data');
    const planned = await ok('ana.quality', ...add, '--answers', '1');
    expect(planned).toMatchObject({ objectives: [{ answers: 1 }], planDue: expect.any(String) as unknown });
    expect(await refused('ana.quality', 'plan', 'agree', ref)).toBe(
      'isf: agreed-by: say who agreed the plan at the provider (--agreed-by "NAME, ROLE")',
    );
    expect(
      await ok('ana.quality', 'plan', 'agree', ref, '--agreed-by', 'Dr Dee Emm, Director of Medical Education'),
    ).toMatchObject({ planAgreed: true, planAgreedBy: 'Dr Dee Emm, Director of Medical Education', planDue: null });
    expect(await show(ref)).toMatch(
      /Action plan\s+agreed .* with Dr Dee Emm, Director of Medical Education\n\s+1\. Named supervisor every night · dme@barts\.example\.org · due .* · answers intervention 1/,
    );
  });
});

describe('6. smaller corrections', () => {
  it('flags category 3 rated below 12, and mails no regulator for learners of a profession without one', async () => {
    const ref = freshRef('OTHER');
    await open(ref, '3', ['--profession', 'other', '--likelihood', '2', '--impact', '2']);
    const opened = await notice(ref, 'category-changed');
    expect(opened.recipients.filter((r) => /gmc|nmc|hcpc|gdc|gphc/.test(r))).toEqual([]);
    const text = await show(ref);
    expect(text).toContain('no statutory regulator: nobody is mailed as regulator');
    expect(text).toContain('rated 4 at category 3: check the rating or the category');
    expect((await ok('ana.quality', 'show', ref)).undeliverable).toEqual([]);
  });
});
