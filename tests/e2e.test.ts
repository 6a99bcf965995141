// End to end: `npm start` (dev server, mail inbox, worker, ISF service), the README walk-through run
// exactly as written with `isf` on the PATH, the mail read back from the inbox, Ctrl-C, and a
// restart that keeps every concern and every message.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConcernState } from '../concern/state';
import { temporalCli } from '../ops/binaries';
import { DEMO_EVENTS } from './support/demo';
import { ROOT, Stack, freePort, isf, readmeBlock, run, stackEnv } from './support/processes';

interface InboxMail {
  subject: string;
  messageId: string;
  to: { address: string }[];
  cc?: { address: string }[];
  bcc?: { address: string }[];
  text: string;
  headers: Record<string, string>;
}

/** A notice as it arrived: a message per recipient, grouped by the notice they carry (X-ISF-Notice). */
function noticesIn(messages: InboxMail[]): { notice: string; event: string; messages: InboxMail[] }[] {
  const byNotice = new Map<string, InboxMail[]>();
  for (const m of messages)
    byNotice.set(m.headers['x-isf-notice'], [...(byNotice.get(m.headers['x-isf-notice']) ?? []), m]);
  return [...byNotice].map(([notice, ms]) => ({ notice, event: ms[0].headers['x-isf-event'], messages: ms }));
}

const inboxOf = (env: NodeJS.ProcessEnv) => `http://127.0.0.1:${env.ISF_MAIL_WEB_PORT}`;
const mailIn = async (env: NodeJS.ProcessEnv): Promise<InboxMail[]> =>
  (await fetch(`${inboxOf(env)}/email`)).json() as Promise<InboxMail[]>;

describe('npm start, the README walk-through and isf', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'isf-e2e-'));
  let env: NodeJS.ProcessEnv;
  let inboxUrl: string;
  let stack: Stack | undefined;

  beforeAll(async () => {
    env = await stackEnv(dataDir);
    inboxUrl = inboxOf(env);
    stack = await Stack.start(env);
  });

  afterAll(async () => {
    if (stack && stack.child.exitCode === null) await stack.interrupt();
    rmSync(dataDir, { recursive: true, force: true });
    for (const file of ['national-register.csv', 'governance-pack.html']) rmSync(join(ROOT, file), { force: true });
  });

  const mail = () => mailIn(env);

  /** Waits for `count` notices, then until their messages (one per recipient) stop arriving. */
  async function waitForNotices(count: number): Promise<InboxMail[]> {
    let seen = -1;
    for (let i = 0; i < 300; i++) {
      const messages = await mail();
      if (noticesIn(messages).length >= count && messages.length === seen) return messages;
      seen = noticesIn(messages).length >= count ? messages.length : -1;
      await new Promise((r) => setTimeout(r, 400));
    }
    throw new Error(`expected ${count} notices, got ${noticesIn(await mail()).length}`);
  }

  it('prints where to look', async () => {
    expect(stack!.log).toContain(`Temporal UI   http://127.0.0.1:${env.ISF_UI_PORT}/namespaces/default/workflows`);
    expect(stack!.log).toContain(`Mail inbox    ${inboxUrl}`);
    expect(stack!.log).toContain(`ISF service   ${env.ISF_SERVICE_URL} (isf talks to it; ISF_SERVICE_URL)`);
    const metrics = `http://127.0.0.1:${env.ISF_METRICS_PORT}/metrics`;
    expect(stack!.log).toContain(`Metrics       ${metrics}`);
    expect(await (await fetch(metrics)).text()).toMatch(/^temporal_worker_start\{/m);
  });

  it('runs the README walk-through exactly as written', async () => {
    const result = await run('bash', ['-euo', 'pipefail', '-c', readmeBlock('walkthrough')], env);
    if (result.code !== 0) throw new Error(`walk-through failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toMatch(/ok\s+worker/);
    expect(result.stdout).toContain('LDN-2026-014: category 4 (Training suspended), confirmed');
    expect(result.stdout).toMatch(/Training\s+suspended · Suspension of Postgraduate Medical Training policy invoked/);
    expect(result.stdout).toMatch(
      /Recovery\s+lead agency NHS England London, recovery owned by recovery\.lead@barts\.example\.org/,
    );

    const shown = await isf(['show', 'LDN-2026-014', '--json'], env);
    expect(shown.code).toBe(0);
    const state = JSON.parse(shown.stdout) as ConcernState;
    expect(state).toMatchObject({
      ref: 'LDN-2026-014',
      stage: 'open',
      category: 4,
      categoryStatus: 'confirmed',
      pending: null,
      risk: { likelihood: 3, impact: 4, score: 12 },
      registers: { regional: true, national: true },
      ratingCategoryMismatch: false,
      trainingSuspended: true,
    });
    expect(state.audit.map((a) => a.action)).toEqual([
      'open',
      'confirm',
      'propose',
      'confirm',
      'propose',
      'confirm',
      'sign-off',
    ]);
    // The move into category 4 rests on triangulated evidence, kept in the audit trail and read back.
    expect(state.audit[4].evidence?.map((e) => e.kind)).toEqual(['learner-survey', 'clinical-opinion']);
    expect(result.stdout).toContain(
      'Evidence — learner survey: Pulse survey: 9 of 14 learners unsupervised at night; clinical opinion: Deanery clinical lead: unsafe for F1 doctors.',
    );

    expect(result.stdout).toContain(
      'Nia Example (national scrutiny) approved the move to category 4 (Training suspended) at national level, approving the waiver of the notice period, with lead agency NHS England London, recovery owned by recovery.lead@barts.example.org: JSOG and HEE Executive agreed suspension',
    );
    const csv = readFileSync(join(ROOT, 'national-register.csv'), 'utf8');
    expect(csv.split('\n')[1]).toMatch(
      /^"LDN-2026-014","barts","Royal London Hospital, Emergency Department","london","4","confirmed","12","high","open"/,
    );
    const pack = readFileSync(join(ROOT, 'governance-pack.html'), 'utf8');
    expect(pack.match(/<svg class="trend"/g)).toHaveLength(1);
    expect(result.stdout).toContain('wrote governance-pack.html: 1 concern, ');
  });

  let delivered = 0;
  it('delivers the mail the guide requires, one message per recipient, and records it on the concern', async () => {
    const messages = await waitForNotices(8);
    delivered = messages.length;
    const notices = noticesIn(messages);
    expect(notices.map((n) => n.event)).toEqual([
      'category-changed',
      'register-change',
      'category-confirmed',
      'category-changed',
      'category-confirmed',
      'notice-of-intention',
      'sign-off-requested',
      'category-changed',
    ]);
    // Nobody sees another's address: one recipient per message, none copied.
    for (const m of messages) expect([m.to.length, m.cc?.length ?? 0, m.bcc?.length ?? 0]).toEqual([1, 0, 0]);
    const suspension = notices.at(-1)!;
    expect(suspension.notice).toBe('<LDN-2026-014.8.category-changed@isf.example.nhs.uk>');
    expect(suspension.messages).toHaveLength(26);
    expect(new Set(suspension.messages.map((m) => m.to[0].address)).size).toBe(26);
    // Each audience in its own words: the dean the full notice, the learners plain words.
    const toAddress = (address: string) => suspension.messages.find((m) => m.to[0].address === address)!;
    expect(toAddress('pg-dean.london@example.nhs.uk').subject).toContain('now category 4 (Training suspended)');
    expect(toAddress('pg-dean.london@example.nhs.uk').text).toContain(
      'National scrutiny (Nia Example) signed the change off.',
    );
    expect(toAddress('learners@barts.example.org').subject).toBe(
      'Learning environment update: Royal London Hospital, Emergency Department',
    );
    for (const secret of ['Unsafe supervision continues', 'Nia Example', 'likelihood', 'LDN-2026-014'])
      expect(toAddress('learners@barts.example.org').text).not.toContain(secret);
    for (const m of suspension.messages) {
      expect(m.messageId).toMatch(/^LDN-2026-014\.8\.category-changed\.[0-9a-f]{12}@isf\.example\.nhs\.uk$/);
    }
    const state = JSON.parse((await isf(['show', 'LDN-2026-014', '--json'], env)).stdout) as ConcernState;
    expect(state.notifications.map((n) => n.messageId)).toEqual(notices.map((n) => n.notice));
    // isf show records per notice who was told.
    expect([...state.notifications.at(-1)!.recipients].sort()).toEqual(
      suspension.messages.map((m) => m.to[0].address).sort(),
    );
  });

  it('keeps payloads encrypted in Temporal, and readable through the codec server', async () => {
    const codec = readFileSync(join(dataDir, 'codec-endpoint'), 'utf8').trim();
    const cli = (...args: string[]) =>
      run(temporalCli(), [...args, '--address', env.TEMPORAL_ADDRESS!, '-w', 'concern-LDN-2026-014', '-o', 'json'], {});
    // The CLI's JSON shows payload data as base64: read every one back as text.
    const payloadText = (json: string) =>
      [...json.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)]
        .map((m) => Buffer.from(m[1], 'base64').toString('utf8'))
        .join('\n');
    const shown = await cli('workflow', 'show');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(Buffer.from('binary/encrypted').toString('base64'));
    const stored = `${shown.stdout}\n${payloadText(shown.stdout)}`;
    for (const plaintext of [
      'Foundation doctors unsupervised',
      'GMC survey red flags',
      'JSOG and HEE Executive',
      'Royal London Hospital',
    ]) {
      expect(stored).not.toContain(plaintext);
    }
    const decoded = await cli('workflow', 'show', '--codec-endpoint', codec);
    expect(payloadText(decoded.stdout)).toContain('Foundation doctors unsupervised on night shifts');
    // The Temporal CLI reads the same state through the codec.
    const queried = await cli('workflow', 'query', '--name', 'state', '--codec-endpoint', codec);
    expect(queried.code).toBe(0);
    expect(queried.stdout).toContain('"trainingSuspended": true');
    const refused = await fetch(`${codec}/decode`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
      body: '{"payloads":[]}',
    });
    expect(refused.status).toBe(403);
  });

  it('answers with the documented exit codes', async () => {
    const refused = await isf(['confirm', 'LDN-2026-014', '--as', 'ana.quality'], env);
    expect([refused.code, refused.stderr]).toEqual([
      1,
      'isf: ana.quality is not a regional-governance user (roles: quality-team)\n',
    ]);
    const invalid = await isf(
      ['rate', 'LDN-2026-014', '--as', 'ana.quality', '--likelihood', '6', '--impact', '3', '--rationale', 'x'],
      env,
    );
    expect([invalid.code, invalid.stderr]).toEqual([
      1,
      'isf: likelihood: must be a whole number from 1 to 5 (got 6)\n',
    ]);
    const usage = await isf(['close', 'LDN-2026-014', '--as', 'ana.quality'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--rationale <text>' not specified");
    const unknown = await isf(['show', 'LDN-2099-001'], env);
    expect([unknown.code, unknown.stderr]).toEqual([3, "isf: no concern 'LDN-2099-001'\n"]);
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await isf(['show', 'LDN-2026-014'], { ...env, ISF_SERVICE_URL: nowhere });
    expect([unreachable.code, unreachable.stderr]).toEqual([
      4,
      `isf: cannot reach the ISF service at ${nowhere}: nothing answers there (is npm start running? ISF_SERVICE_URL)\n`,
    ]);
    // Input is checked before anything is sent: bad input is a refusal even with the service down.
    const offline = await isf(
      ['rate', 'LDN-2026-014', '--as', 'ana.quality', '--likelihood', '6', '--impact', '3', '--rationale', 'x'],
      { ...env, ISF_SERVICE_URL: nowhere },
    );
    expect([offline.code, offline.stderr]).toEqual([
      1,
      'isf: likelihood: must be a whole number from 1 to 5 (got 6)\n',
    ]);
    const help = await isf(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('sign-off');
  });

  it('stops cleanly on Ctrl-C and keeps concerns and mail across a restart', async () => {
    expect(await stack!.interrupt()).toBe(0);
    const health = await isf(['health'], env);
    expect(health.code).toBe(4);

    stack = await Stack.start(env);
    const shown = await isf(['show', 'LDN-2026-014', '--json'], env);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ category: 4, trainingSuspended: true });
    expect(await mail()).toHaveLength(delivered);
    const listed = await isf(['list', '--json'], env);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ ref: 'LDN-2026-014', category: 4, nationalRegister: true, stage: 'open' }),
    ]);
  });

  it('shares good practice and an agreed plan, and decommissions, through isf', async () => {
    const ok = async (...args: string[]) => {
      const ran = await isf([...args, '--json'], env);
      if (ran.code !== 0) throw new Error(`isf ${args.join(' ')}: exit ${ran.code}: ${ran.stderr}`);
      return JSON.parse(ran.stdout) as ConcernState;
    };
    const open = (ref: string, category: string) =>
      ok(
        'open',
        '--as',
        'ana.quality',
        '--ref',
        ref,
        '--title',
        'Rota gaps',
        '--region',
        'london',
        '--provider',
        'barts',
        '--site',
        'Ward 3',
        '--profession',
        'medical-postgraduate',
        '--learners',
        '6',
        '--source',
        'complaint',
        '--likelihood',
        '2',
        '--impact',
        '3',
        '--category',
        category,
        '--rationale',
        'complaints',
      );

    await open('LDN-GP-1', '1');
    await ok('confirm', 'LDN-GP-1', '--as', 'ben.governance');
    await ok(
      'good-practice',
      'LDN-GP-1',
      '--as',
      'ana.quality',
      '--summary',
      'Bleep handover checklist',
      '--share',
      'national',
    );
    const listed = await isf(['good-practice', 'list', '--region', 'london', '--json'], env);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ ref: 'LDN-GP-1', share: 'national', summary: 'Bleep handover checklist' }),
    ]);

    await open('LDN-PLAN-1', '2');
    await ok('confirm', 'LDN-PLAN-1', '--as', 'ben.governance');
    await ok(
      'plan',
      'LDN-PLAN-1',
      'add',
      '--as',
      'ana.quality',
      '--objective',
      'Fill the rota',
      '--owner',
      'dme@barts.example.org',
      '--due',
      '+6w',
      '--measure',
      'no gaps',
    );
    const unagreed = await isf(['plan', 'LDN-PLAN-1', 'share', '--as', 'ana.quality', '--with', 'CQC'], env);
    expect([unagreed.code, unagreed.stderr]).toEqual([
      1,
      'isf: the action plan of LDN-PLAN-1 is not agreed yet: only an agreed plan is shared (isf plan LDN-PLAN-1 agree)\n',
    ]);
    await ok(
      'plan',
      'LDN-PLAN-1',
      'agree',
      '--as',
      'ana.quality',
      '--agreed-by',
      'Dr Dee Emm, Director of Medical Education',
    );
    expect(
      (await ok('plan', 'LDN-PLAN-1', 'share', '--as', 'ana.quality', '--with', 'CQC', '--with', 'GMC')).planShares,
    ).toEqual([expect.objectContaining({ with: ['CQC', 'GMC'] })]);

    const e = ['--evidence', 'learner-survey:Pulse survey', '--evidence', 'clinical-opinion:Deanery clinical lead'];
    await ok(
      'decommission',
      'LDN-2026-014',
      '--as',
      'ana.quality',
      '--rationale',
      'The deanery withdraws the posts',
      ...e,
    );
    await ok('confirm', 'LDN-2026-014', '--as', 'ben.governance');
    const closed = await ok(
      'sign-off',
      'LDN-2026-014',
      '--approve',
      '--as',
      'nia.national',
      '--rationale',
      'Posts withdrawn',
    );
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'decommissioned' });

    const expected = ['good-practice-shared', 'plan-shared', 'decommissioned'];
    let events: string[] = [];
    for (let i = 0; i < 300 && !expected.every((x) => events.includes(x)); i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      events = (await mail()).map((m) => m.headers['x-isf-event']);
    }
    expect(events).toEqual(expect.arrayContaining(expected));
  });
});

describe('the README monitoring demo, with clocks shortened to seconds', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'isf-demo-'));
  let env: NodeJS.ProcessEnv;
  let stack: Stack | undefined;

  beforeAll(async () => {
    env = await stackEnv(dataDir, { ISF_CONFIG: 'config/isf.demo.yaml' });
    stack = await Stack.start(env);
  });

  afterAll(async () => {
    if (stack && stack.child.exitCode === null) await stack.interrupt();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('schedules the weekly digests', () => {
    expect(stack!.log).toContain(
      'weekly digests scheduled for london, midlands and nationally (Mondays 08:00, London)',
    );
  });

  it('sends a review reminder, an objective reminder and overdue notices within minutes', async () => {
    const result = await run('bash', ['-euo', 'pipefail', '-c', readmeBlock('demo')], env);
    if (result.code !== 0) throw new Error(`demo failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toMatch(/Clocks\n\s+first intervention/);
    expect(result.stdout).toMatch(/DEMO-1\s+london\s+monitoring review/);

    const wanted: string[] = [...DEMO_EVENTS];
    let events: string[] = [];
    for (let i = 0; i < 180 && !wanted.every((e) => events.includes(e)); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      events = (await mailIn(env))
        .filter((m) => m.headers['x-isf-ref'] === 'DEMO-1')
        .map((m) => m.headers['x-isf-event']);
    }
    expect(events).toEqual(expect.arrayContaining(wanted));
    expect(events).not.toContain('plan-overdue'); // the plan was agreed
    const reminder = (await mailIn(env)).find((m) => m.headers['x-isf-event'] === 'objective-reminder')!;
    expect(reminder.to.map((t) => t.address)).toEqual(['dme@imperial.example.org']);
  });
});
