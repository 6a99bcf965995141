// Records you can keep and restore: `isf export`, wipe the server's database, `isf import`, and
// compare. A real dev server (stopped, its SQLite file deleted, started again), a worker process,
// the admin script as a child process.
import { listConcerns } from '../reads/listing';
import { openReadModel } from '../reads/open';
import { dataConverter } from '../codec/data-converter';
import { Connection } from '@temporalio/client';
import { cpSync, readFileSync, rmSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConcernClient } from '../client/concerns';
import type { ConcernRecord, Manifest } from '../client/records';
import type { ConcernState } from '../concern/state';
import { prepareNamespace } from '../ops/namespace';
import { adminClient, startCluster, type Cluster } from './support/cluster';
import { freshRef, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from './support/fixtures';
import { isf } from './support/processes';

jest.setTimeout(300_000);

const quality = { actor: 'ana.quality' };
const governance = { actor: 'ben.governance' };

const records = (dir: string): Map<string, ConcernRecord> =>
  new Map(
    readdirSync(join(dir, 'concerns')).map((file) => {
      const record = JSON.parse(readFileSync(join(dir, 'concerns', file), 'utf8')) as ConcernRecord;
      return [record.ref, record];
    }),
  );

describe('isf export and isf import', () => {
  let cluster: Cluster;
  let admin: Awaited<ReturnType<typeof adminClient>>;
  let concerns: ConcernClient;
  const work = mkdtempSync(join(tmpdir(), 'isf-records-'));
  const exported = join(work, 'export');
  const ref = {
    confirmed: freshRef('REC'),
    pending: freshRef('REC'),
    planned: freshRef('REC'),
    suspended: freshRef('REC'),
    closed: freshRef('REC'),
  };
  let before: Map<string, ConcernState>;

  beforeAll(async () => {
    cluster = await startCluster('records');
    await cluster.startWorker();
    admin = await adminClient(cluster.deployment);
    concerns = admin.concerns;

    await concerns.open(opening({ ref: ref.confirmed }));
    await concerns.decide(ref.confirmed, 'confirm', governance);

    await concerns.open(opening({ ref: ref.pending }));
    await concerns.decide(ref.pending, 'confirm', governance);
    await concerns.decide(ref.pending, 'propose', {
      evidence: TRIANGULATED,
      ...quality,
      category: 3,
      rationale: 'no improvement at review',
    });

    await concerns.open(opening({ ref: ref.planned }));
    await concerns.decide(ref.planned, 'confirm', governance);
    await concerns.decide(ref.planned, 'plan-add', {
      ...quality,
      objective: 'Named supervisor on every night shift',
      owner: 'dme@barts.example.org',
      due: '2027-03-31',
      measure: 'rota audit',
    });
    await concerns.decide(ref.planned, 'plan-agree', {
      ...quality,
      agreedBy: 'Dr Dee Emm, Director of Medical Education',
    });

    await concerns.open(opening({ ref: ref.suspended, category: 3, likelihood: 4, impact: 4 }));
    await concerns.decide(ref.suspended, 'confirm', { ...governance, ...RECOVERY });
    await concerns.decide(ref.suspended, 'propose', {
      evidence: TRIANGULATED,
      ...quality,
      category: 4,
      ...URGENT,
      rationale: 'unsafe supervision continues',
    });
    await concerns.decide(ref.suspended, 'confirm', governance);
    await concerns.decide(ref.suspended, 'sign-off', {
      ...WAIVER,
      actor: 'nia.national',
      approve: true,
      rationale: 'JSOG agreed',
    });

    await concerns.open(opening({ ref: ref.closed, category: 1, likelihood: 2, impact: 2 }));
    await concerns.decide(ref.closed, 'confirm', governance);
    await concerns.decide(ref.closed, 'close', { ...quality, rationale: 'resolved at the visit' });

    await cluster.inbox.waitFor(ref.suspended, 'category-changed', 2);
    before = new Map(await Promise.all(Object.values(ref).map(async (r) => [r, await concerns.show(r)] as const)));
  });

  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('exports every concern, open and closed, with a manifest of counts and checksums', async () => {
    const ran = await isf(['export', '--out', exported, '--json'], cluster.deployment.env);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({
      out: exported,
      concerns: 5,
      open: 4,
      closed: 1,
      byCategory: { '2': 2, '3': 1, '4': 1 },
    });

    const manifest = JSON.parse(readFileSync(join(exported, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({
      format: 'isf-export',
      version: 1,
      namespace: 'default',
      counts: { concerns: 5, open: 4, closed: 1 },
    });
    expect(manifest.files.map((f) => f.ref)).toEqual(Object.values(ref).sort());
    const saved = records(exported);
    for (const [r, state] of before) {
      // The full state, audit trail included, as the concern answers it.
      expect(saved.get(r)!.state).toEqual(state);
    }
    expect(saved.get(ref.closed)).toMatchObject({ status: 'closed', carried: null });
    expect(saved.get(ref.suspended)!.carried).toMatchObject({ outbox: [], fired: [] });
    expect(saved.get(ref.suspended)!.carried!.lastSeq).toBeGreaterThanOrEqual(4);

    const again = await isf(['export', '--out', exported], cluster.deployment.env);
    expect([again.code, again.stderr.trim()]).toEqual([
      1,
      `isf: out: ${exported} is not empty; give a new folder for each export`,
    ]);
  });

  it('refuses an export whose files do not match their checksums, and imports nothing', async () => {
    const tampered = join(work, 'tampered');
    const ran = await isf(['export', '--out', tampered], cluster.deployment.env);
    expect(ran.code).toBe(0);
    const file = join(tampered, 'concerns', `${ref.confirmed}.json`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"category": 2', '"category": 0'));
    const refused = await isf(['import', tampered], cluster.deployment.env);
    expect([refused.code, refused.stderr.trim()]).toEqual([
      1,
      `isf: concerns/${ref.confirmed}.json: checksum does not match the manifest (the file was changed or damaged)`,
    ]);
  });

  /** Stops the server, deletes its database and starts it empty on the same address. */
  async function wipe(): Promise<void> {
    await cluster.server.stop();
    rmSync(cluster.server.dbFile, { force: true });
    await cluster.server.start();
    const connection = await Connection.connect({ address: cluster.server.address });
    await prepareNamespace(connection, 'default');
    await connection.close();
  }

  it('recreates the open concerns in a wiped namespace, each continuing from its state', async () => {
    await wipe();
    await expect(concerns.show(ref.confirmed)).rejects.toThrow(/no concern/);

    // A tampered export whose manifest was made to match: the concern itself refuses it, since its
    // state is not the one its signed audit trail leads to; nothing of it runs, and the ref stays free.
    const forged = join(work, 'forged');
    cpSync(exported, forged, { recursive: true });
    const file = join(forged, 'concerns', `${ref.confirmed}.json`);
    const record = JSON.parse(readFileSync(file, 'utf8')) as ConcernRecord;
    const text = `${JSON.stringify({ ...record, state: { ...record.state, category: 4, trainingSuspended: true } }, null, 2)}\n`;
    writeFileSync(file, text);
    const manifest = JSON.parse(readFileSync(join(forged, 'manifest.json'), 'utf8')) as Manifest;
    const entry = manifest.files.find((f) => f.ref === ref.confirmed)!;
    Object.assign(entry, { sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) });
    writeFileSync(join(forged, 'manifest.json'), JSON.stringify(manifest));
    const refused = await isf(['import', forged, '--json'], cluster.deployment.env);
    expect([refused.code, refused.stderr.trim()]).toEqual([
      1,
      `isf: 1 concern(s) refused: ${ref.confirmed} not taken on trust: category: the state says 4, its audit trail 2`,
    ]);
    expect((JSON.parse(refused.stdout) as { refused: unknown[] }).refused).toEqual([
      {
        ref: ref.confirmed,
        reason: `${ref.confirmed} not taken on trust: category: the state says 4, its audit trail 2`,
      },
    ]);
    await expect(concerns.show(ref.confirmed)).rejects.toThrow(/no concern/);
    // The other concerns of that export did verify, and were imported: wiped again, to start from nothing.
    await wipe();

    const ran = await isf(['import', exported, '--json'], cluster.deployment.env);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const { closed, ...rest } = ref;
    expect(JSON.parse(ran.stdout)).toEqual({
      imported: Object.values(rest).sort(),
      existing: [],
      closed: [closed],
      refused: [],
    });

    // The same state, audit trail and all, answered by the new workflows.
    for (const r of Object.values(rest)) expect(await concerns.show(r)).toEqual(before.get(r));

    // The read model outlived the wiped namespace: the operator rebuilds it from the workflows
    // there are now, and the closed concern, kept in the export only, goes from it.
    const rebuilt = await isf(['read-model', 'rebuild', '--json'], cluster.deployment.env);
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({ readModel: 'sqlite', unreadable: [] });
    expect((JSON.parse(rebuilt.stdout) as { removed: string[] }).removed).toEqual([ref.closed]);
    const model = await openReadModel(dataConverter(cluster.deployment.env), cluster.deployment.env);
    const listed = await listConcerns({ client: admin.client, readModel: model }).finally(() => model.close());
    expect(listed.map((l) => [l.ref, l.category]).sort()).toEqual(
      Object.values(rest)
        .map((r) => [r, before.get(r)!.category])
        .sort(),
    );

    // Decisions carry on: the pending proposal is confirmed, and its notice is numbered after the
    // ones sent before the export, so no Message-ID is reused.
    const lastSeq = records(exported).get(ref.pending)!.carried!.lastSeq;
    const confirmed = await concerns.decide(ref.pending, 'confirm', { ...governance, ...RECOVERY });
    expect([confirmed.category, confirmed.categoryStatus]).toEqual([3, 'confirmed']);
    const settled = (await cluster.inbox.waitFor(ref.pending, 'category-confirmed', 2)).at(-1)!;
    expect(settled.messageId).toContain(`<${ref.pending}.${lastSeq + 1}.category-confirmed@`);
    const [notice] = await cluster.inbox.waitFor(ref.pending, 'notice-of-intention');
    expect(notice.messageId).toContain(`<${ref.pending}.${lastSeq + 2}.notice-of-intention@`);

    // Running the import again changes nothing.
    const twice = await isf(['import', exported, '--json'], cluster.deployment.env);
    expect(JSON.parse(twice.stdout)).toEqual({
      imported: [],
      existing: Object.values(rest).sort(),
      closed: [closed],
      refused: [],
    });
    expect((await concerns.show(ref.pending)).category).toBe(3);
  });
});
