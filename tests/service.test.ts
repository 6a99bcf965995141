// The ISF service on the dev server: every request signed by its sender (RFC 9421), refused with a
// problem that says why when it is not; reads scoped to the regions a person may read; decisions
// passed to the concern unchanged; the API document served and true to the answers.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import {
  COVERED,
  COVERED_BODY,
  SIGNATURE_ALG,
  SIGNATURE_LABEL,
  SIGNATURE_PARAMS,
  contentDigest,
} from '../api/signature';
import { privateKeyObject, privateKeyOf, signBytes, signed } from '../client/keys';
import { newKeyPair } from '../concern/signing';
import { concernWorkflowId } from '../workflows/names';
import { opening } from './support/fixtures';
import { isf, run } from './support/processes';
import { startService, type TestService } from './support/service';
import { startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';

let bundle: WorkflowBundleWithSourceMap;
let stack: TestStack;
let service: TestService;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  stack = await startStack('dev server', bundle);
  service = await startService(stack);
});
afterAll(async () => {
  await service?.stop();
  await stack?.stop();
});

interface Call {
  method?: 'GET' | 'POST';
  path: string;
  body?: unknown;
  as?: string;
  /** Sign with this private key instead of the user's own. */
  key?: string;
  created?: Date;
  nonce?: string;
  /** Change the request after it was signed. */
  tamper?: (r: { url: URL; body: string | undefined; headers: Record<string, string> }) => void;
  unsigned?: boolean;
}

async function call({
  method = 'GET',
  path,
  body,
  as = 'ana.quality',
  key,
  created,
  nonce = randomUUID(),
  tamper,
  unsigned,
}: Call) {
  const url = new URL(path, service.url);
  let text = body === undefined ? undefined : JSON.stringify(body);
  let headers: Record<string, string> = {
    accept: 'application/json',
    ...(text ? { 'content-type': 'application/json', 'content-digest': contentDigest(text) } : {}),
  };
  if (!unsigned) {
    const k = privateKeyObject(key ?? privateKeyOf(as)!);
    const out = await httpbis.signMessage(
      {
        key: { id: as, alg: SIGNATURE_ALG, sign: (data) => Promise.resolve(signBytes(data, k)) },
        name: SIGNATURE_LABEL,
        fields: text ? [...COVERED, COVERED_BODY] : [...COVERED],
        params: [...SIGNATURE_PARAMS],
        paramValues: { nonce, ...(created ? { created } : {}) },
      },
      { method, url: url.toString(), headers },
    );
    headers = out.headers;
  }
  const r = { url, body: text, headers };
  tamper?.(r);
  text = r.body;
  const response = await fetch(r.url, { method, headers: r.headers, ...(text !== undefined ? { body: text } : {}) });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    json: (await response.json()) as Record<string, unknown> & { detail?: string; type?: string },
  };
}

const historyLength = async (ref: string) =>
  (await stack.client.workflow.getHandle(concernWorkflowId(ref)).fetchHistory()).events?.length ?? 0;

/** The history's length once the concern has sent its notices and nothing more happens. */
async function settled(ref: string): Promise<number> {
  let length = -1;
  for (let next = await historyLength(ref); next !== length; next = await historyLength(ref)) {
    length = next;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return length;
}

describe('authentication: every request signed by its sender', () => {
  let ref: string;
  beforeAll(async () => {
    ref = (await stack.concerns.open(opening())).ref;
  });

  it('answers a signed request, and the health check and the API document without one', async () => {
    expect((await call({ path: `/concerns/${ref}` })).status).toBe(200);
    expect((await call({ path: '/health', unsigned: true })).json).toMatchObject({ ok: true });
    const doc = await call({ path: '/openapi.json', unsigned: true });
    expect(doc.json).toMatchObject({ openapi: '3.1.0', info: { title: 'ISF concerns service' } });
    expect(Object.keys(doc.json.paths as object)).toEqual(
      expect.arrayContaining([
        '/concerns',
        '/concerns/{ref}',
        '/concerns/{ref}/{decision}',
        '/registers/{level}',
        '/due',
        '/inbox',
        '/report',
        '/good-practice',
      ]),
    );
  });

  it.each<[string, Call, string, RegExp]>([
    ['unsigned', { path: '/concerns/REF', unsigned: true }, '/problems/unsigned', /^unsigned request/],
    [
      'signed with the wrong key',
      { path: '/concerns/REF', key: newKeyPair().privateKey },
      '/problems/bad-signature',
      /^bad signature: does not verify against ana.quality's public key/,
    ],
    [
      'signed by nobody the service knows',
      { path: '/concerns/REF', as: 'zed.nobody', key: newKeyPair().privateKey },
      '/problems/bad-signature',
      /^bad signature: keyid 'zed.nobody' is not a user/,
    ],
    [
      'with its path changed after signing',
      { path: '/concerns/REF', tamper: (r) => (r.url.pathname = '/concerns/OTHER') },
      '/problems/bad-signature',
      /^bad signature/,
    ],
    [
      'with its query changed after signing',
      { path: '/concerns?region=london', tamper: (r) => r.url.searchParams.set('region', 'midlands') },
      '/problems/bad-signature',
      /^bad signature/,
    ],
    [
      'made ten minutes ago',
      { path: '/concerns/REF', created: new Date(Date.now() - 10 * 60_000) },
      '/problems/stale-signature',
      /^stale signature: made \d+ s ago, more than security.signatureMaxAge \(300 s\)/,
    ],
  ])('refuses a request %s: 401 with a problem that says so', async (_label, request, type, detail) => {
    const answer = await call({ ...request, path: request.path.replace('REF', ref) });
    expect([answer.status, answer.type, answer.json.type]).toEqual([401, 'application/problem+json', type]);
    expect(answer.json).toMatchObject({ title: expect.any(String) as unknown, status: 401 });
    expect(answer.json.detail).toMatch(detail);
  });

  it('refuses a decision whose body was changed after signing, or replayed, and nothing reaches the concern', async () => {
    const before = await settled(ref);
    const decision = signed(
      ref,
      'rate',
      { actor: 'ana.quality', requestId: randomUUID(), likelihood: 4, impact: 4, rationale: 'worse', evidence: [] },
      'ana.quality',
    );
    const tampered = await call({
      method: 'POST',
      path: `/concerns/${ref}/rate`,
      body: decision,
      tamper: (r) => (r.body = r.body!.replace('"impact":4', '"impact":5')),
    });
    expect([tampered.status, tampered.json.type, tampered.json.detail]).toEqual([
      401,
      '/problems/bad-signature',
      'content-digest: does not match the body (changed after signing?)',
    ]);
    // The digest recomputed as well: the signature no longer covers it.
    const redigested = await call({
      method: 'POST',
      path: `/concerns/${ref}/rate`,
      body: decision,
      tamper: (r) => {
        r.body = r.body!.replace('"impact":4', '"impact":5');
        r.headers['content-digest'] = contentDigest(r.body);
      },
    });
    expect([redigested.status, redigested.json.type]).toEqual([401, '/problems/bad-signature']);
    const nonce = randomUUID();
    expect((await call({ path: `/concerns/${ref}`, nonce })).status).toBe(200);
    const replayed = await call({ path: `/concerns/${ref}`, nonce });
    expect([replayed.status, replayed.json.type, replayed.json.detail]).toEqual([
      401,
      '/problems/replayed-signature',
      'replayed signature: its nonce was already used; every request is signed afresh',
    ]);
    expect(await historyLength(ref)).toBe(before);
    // Signed properly, the same decision is taken.
    const taken = await call({ method: 'POST', path: `/concerns/${ref}/rate`, body: decision });
    expect([taken.status, (taken.json as { risk: { score: number } }).risk.score]).toEqual([200, 16]);
  });

  it("passes decisions on as their deciders signed them: a decision in someone else's name is refused", async () => {
    const forged = signed(
      ref,
      'confirm',
      { actor: 'ben.governance', requestId: randomUUID(), evidence: [] },
      'ben.governance',
    );
    const answer = await call({ method: 'POST', path: `/concerns/${ref}/confirm`, body: forged, as: 'ana.quality' });
    expect([answer.status, answer.json.type, answer.json.detail]).toEqual([
      403,
      '/problems/forbidden',
      'actor: ben.governance is not the signer of this request (ana.quality); each person sends their own decisions',
    ]);
    // The service holds no user's key: a payload it did not get signed is refused by the concern.
    const unsignedDecision = await call({
      method: 'POST',
      path: `/concerns/${ref}/intervene`,
      body: { actor: 'ana.quality', requestId: randomUUID(), kind: 'other', summary: 'x' },
    });
    expect([unsignedDecision.status, unsignedDecision.json.type]).toEqual([409, '/problems/refused']);
    expect(unsignedDecision.json.detail).toMatch(/^unsigned decision/);
  });
});

describe('the registers at a past date', () => {
  it('answers for a past day, and refuses a day not yet over or not a date with the field and the reason', async () => {
    const ana = { as: 'ana.quality' };
    const past = await call({ path: '/registers/national?at=2020-01-01', ...ana });
    expect([past.status, past.json]).toEqual([200, []]);
    const future = await call({ path: '/registers/national?at=2999-01-01', ...ana });
    expect([future.status, future.json.detail]).toEqual([400, 'at: must be a past date (2999-01-01 is not yet over)']);
    const garbled = await call({ path: '/registers/national?at=yesterday', ...ana });
    expect(garbled.status).toBe(400);
    expect(garbled.json.detail).toMatch(/^querystring\.at: an ISO date, as 2026-04-01/);
  });
});

describe('authorisation: reads scoped to the regions each person may read', () => {
  let london: string;
  let midlands: string;
  beforeAll(async () => {
    london = (await stack.concerns.open(opening())).ref;
    midlands = (await stack.concerns.open(opening({ actor: 'omar.quality', region: 'midlands', provider: 'uhb' }))).ref;
  });

  it('keeps a midlands quality user out of a london concern: show, list, registers, report and decisions', async () => {
    const omar = { as: 'omar.quality' };
    const shown = await call({ path: `/concerns/${london}`, ...omar });
    expect([shown.status, shown.json.type, shown.json.detail]).toEqual([
      403,
      '/problems/forbidden',
      `omar.quality may not read concerns of region london`,
    ]);
    expect((await call({ path: '/concerns?region=london', ...omar })).json.detail).toBe(
      'omar.quality may not read concerns of region london',
    );
    const listed = (await call({ path: '/concerns?all=true', ...omar })).json as unknown as {
      ref: string;
      region: string;
    }[];
    expect(listed.map((l) => l.ref)).toContain(midlands);
    expect(listed.every((l) => l.region === 'midlands')).toBe(true);
    expect((await call({ path: '/registers/national?region=london', ...omar })).status).toBe(403);
    expect((await call({ path: '/registers/national?region=london&at=2026-01-01', ...omar })).status).toBe(403);
    expect((await call({ path: '/report?region=london', ...omar })).status).toBe(403);
    const report = (await call({ path: '/report', ...omar })).json as { html: string };
    expect(report.html).not.toContain(london);
    const decision = signed(
      london,
      'intervene',
      { actor: 'omar.quality', requestId: randomUUID(), kind: 'other', summary: 'x' },
      'omar.quality',
    );
    expect(
      (await call({ method: 'POST', path: `/concerns/${london}/intervene`, body: decision, ...omar })).status,
    ).toBe(403);
    // Through isf: one line, exit 1.
    const ran = await isf(['show', london, '--as', 'omar.quality'], service.env);
    expect([ran.code, ran.stderr]).toEqual([1, 'isf: omar.quality may not read concerns of region london\n']);
  });

  it('lets a reader read the concerns of their region and decide nothing; national scrutiny and a national reader read all', async () => {
    expect((await call({ path: `/concerns/${london}`, as: 'dee.dean' })).status).toBe(200);
    expect((await call({ path: `/concerns/${midlands}`, as: 'dee.dean' })).status).toBe(403);
    const decision = signed(
      london,
      'intervene',
      { actor: 'dee.dean', requestId: randomUUID(), kind: 'other', summary: 'x' },
      'dee.dean',
    );
    const refused = await call({
      method: 'POST',
      path: `/concerns/${london}/intervene`,
      body: decision,
      as: 'dee.dean',
    });
    expect([refused.status, refused.json.detail]).toEqual([409, 'dee.dean is not a quality-team user (roles: reader)']);
    for (const who of ['nia.national', 'jo.jsog']) {
      expect([
        who,
        (await call({ path: `/concerns/${london}`, as: who })).status,
        (await call({ path: `/concerns/${midlands}`, as: who })).status,
      ]).toEqual([who, 200, 200]);
      const all = (await call({ path: '/concerns', as: who })).json as unknown as { ref: string }[];
      expect(all.map((l) => l.ref)).toEqual(expect.arrayContaining([london, midlands]));
    }
  });
});

describe('limits', () => {
  it('answers 429 with Retry-After to a person who sends more than service.requestsPerMinute, and only to them', async () => {
    const saved = stack.config;
    stack.config = { ...saved, service: { requestsPerMinute: 3 } };
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await call({ path: '/concerns', as: 'mia.governance' }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(Number(answers[3].retryAfter)).toBeGreaterThan(0);
      expect(answers[3].json).toMatchObject({
        type: '/problems/too-many-requests',
        status: 429,
        detail: expect.stringMatching(/^too many requests: at most 3 a minute each; try again in \d+ s$/) as unknown,
      });
      const limited = await fetch(new URL('/health', service.url));
      expect(limited.status).toBe(200);
      // Someone else is not held back.
      expect((await call({ path: '/concerns', as: 'noah.national' })).status).toBe(200);
    } finally {
      stack.config = saved;
    }
  });
});

describe('the admin script through the service', () => {
  it("needs no Temporal address and no payload key: only the person's signing key", async () => {
    const env = { ...service.env, ISF_ACTOR: 'ana.quality', ISF_DATA_DIR: '/nonexistent-isf-data' };
    const o = opening();
    const opened = await isf(
      [
        'open',
        '--ref',
        o.ref,
        '--title',
        o.title,
        '--region',
        'london',
        '--provider',
        'barts',
        '--site',
        o.site,
        '--profession',
        'nursing',
        '--learners',
        '3',
        '--source',
        'complaint',
        '--likelihood',
        '2',
        '--impact',
        '2',
        '--category',
        '1',
        '--rationale',
        'r',
        '--json',
      ],
      env,
    );
    expect([opened.code, opened.stderr]).toEqual([0, '']);
    expect(JSON.parse(opened.stdout)).toMatchObject({ ref: o.ref, category: 1 });
    const confirmed = await isf(['confirm', o.ref, '--as', 'ben.governance'], env);
    expect([confirmed.code, confirmed.stderr]).toEqual([0, '']);
    const shown = await isf(['show', o.ref, '--json'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ ref: o.ref, categoryStatus: 'confirmed' });
    const verified = await isf(['verify', o.ref], env);
    expect([verified.code, verified.stdout]).toEqual([
      0,
      expect.stringContaining('all 2 entries verify; the chain is whole') as unknown,
    ]);
    // The admin script loads nothing of Temporal's, nor zod, to read a concern.
    const loaded = await run(
      process.execPath,
      ['-e', "require('./dist/client/isf'); console.log(JSON.stringify(Object.keys(require.cache)))"],
      {},
    );
    const modules = JSON.parse(loaded.stdout) as string[];
    expect(modules.filter((m) => /@temporalio\/(client|worker|workflow)|[\\/]zod[\\/]/.test(m))).toEqual([]);
  });

  it('says which service it cannot reach, exit 4', async () => {
    const ran = await isf(['show', 'ANY-1', '--as', 'ana.quality'], { ISF_SERVICE_URL: 'http://127.0.0.1:1' });
    expect([ran.code, ran.stderr]).toEqual([
      4,
      'isf: cannot reach the ISF service at http://127.0.0.1:1: nothing answers there (is npm start running? ISF_SERVICE_URL)\n',
    ]);
  });
});
