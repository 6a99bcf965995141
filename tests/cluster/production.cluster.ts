// `npm run test:cluster`: the system on a production-shaped Temporal, as the team deployment runs
// it. Temporal Server at the release docker-compose.yml pins, built from source, on a PostgreSQL
// the test starts itself, with SQL visibility and 4 history shards, its schemas set up by compose's
// own script; the namespace prepared by compose's one-shot set-up; the ISF service and two workers
// as processes. Then the README walk-through and the monitoring demo through `isf`, with the
// Temporal server and then PostgreSQL restarted while the demo's clocks run. In the end every
// concern is where it should be, every notice reached each of its recipients once (a resend with
// the same Message-ID), `isf verify` passes on every concern, and the read model, in a PostgreSQL
// database of its own, rebuilds from the workflows to the same rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConcernState } from '../../concern/state';
import { DEMO_EVENTS } from '../support/demo';
import { adminClient, startCluster, type Cluster } from '../support/cluster';
import { passes } from '../support/eventually';
import { ROOT, Stack, isf, linkedIsf, readmeBlock, run, stackEnv } from '../support/processes';
import { TemporalServer } from '../support/temporal-server';

jest.setTimeout(900_000);

const progress = (message: string) => process.stderr.write(`cluster: ${message}\n`);

describe('on Temporal Server and PostgreSQL, as the team deployment runs', () => {
  let cluster: Cluster<TemporalServer>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    cluster = await startCluster('production', {
      // The demo's clocks (seconds, not days), so that they fire while the test watches.
      base: join(ROOT, 'config', 'isf.demo.yaml'),
      server: (dir: string) => TemporalServer.start(dir, progress),
    });
    progress(
      `Temporal Server ${cluster.server.build.version} on ${cluster.server.address}, PostgreSQL on ${cluster.server.postgres.port}`,
    );
  });
  afterAll(async () => {
    await cluster?.stop();
    for (const file of ['national-register.csv', 'governance-pack.html']) rmSync(join(ROOT, file), { force: true });
  });

  it('prepares the namespace as compose does: created, with the search attributes and the retention', async () => {
    const setup = await run(
      process.execPath,
      [join(ROOT, 'dist', 'scripts', 'setup-namespace.js')],
      cluster.deployment.env,
    );
    expect([setup.code, setup.stderr.trim()]).toEqual([
      0,
      expect.stringMatching(/^namespace default ready; registered IsfRef, IsfCategory, /) as unknown,
    ]);
    const again = await run(
      process.execPath,
      [join(ROOT, 'dist', 'scripts', 'setup-namespace.js')],
      cluster.deployment.env,
    );
    expect([again.code, again.stderr.trim()]).toEqual([0, 'namespace default ready']);
  });

  it('has npm start, pointed at it, create a namespace it lacks, wait until the server serves it, and run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'isf-cluster-start-'));
    const start = await stackEnv(dataDir, {
      TEMPORAL_ADDRESS: cluster.server.address,
      TEMPORAL_NAMESPACE: 'isf-npm-start',
    });
    const stack = await Stack.start(start);
    try {
      expect(stack.log).toContain(`using the Temporal server already listening at ${cluster.server.address}`);
      expect(stack.log).toMatch(/registered search attributes IsfRef, /);
      expect((await isf(['health'], start)).code).toBe(0);
    } finally {
      expect(await stack.interrupt()).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs the README walk-through through the ISF service, with two workers', async () => {
    await cluster.startWorker();
    await cluster.startWorker();
    const service = await cluster.startService();
    env = {
      ...service.env,
      ISF_ACTOR: 'ana.quality',
      ISF_CONFIG: '',
      PATH: `${linkedIsf()}:${process.env.PATH ?? ''}`,
    };
    const health = await isf(['health', '--json'], env);
    expect(health.code).toBe(0);
    const result = await run('bash', ['-euo', 'pipefail', '-c', readmeBlock('walkthrough')], env);
    if (result.code !== 0) throw new Error(`walk-through failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toContain('LDN-2026-014: category 4 (Training suspended), confirmed');
  });

  it("fires the monitoring demo's clocks through a restart of the Temporal server and one of PostgreSQL", async () => {
    const result = await run('bash', ['-euo', 'pipefail', '-c', readmeBlock('demo')], env);
    if (result.code !== 0) throw new Error(`demo failed (${result.code}):\n${result.stdout}\n${result.stderr}`);

    progress('restarting the Temporal server');
    await cluster.server.stop();
    await cluster.server.start();
    await passes(async () => expect((await isf(['health'], env)).code).toBe(0), 120_000);

    progress('restarting PostgreSQL');
    cluster.server.postgres.stop();
    await new Promise((r) => setTimeout(r, 5_000));
    await cluster.server.postgres.up();
    await passes(async () => expect((await isf(['health'], env)).code).toBe(0), 120_000);

    // Decisions go on after both: the review re-plans the demo's review clocks.
    expect((await isf(['review', 'DEMO-1', '--outcome', 'improving', '--summary', 'Rota filled'], env)).code).toBe(0);
    await passes(
      () =>
        Promise.resolve(
          expect(cluster.inbox.for('DEMO-1').map((m) => m.headers['x-isf-event'])).toEqual(
            expect.arrayContaining([...DEMO_EVENTS]),
          ),
        ),
      240_000,
    );
  });

  it('ends every concern where it should be, every notice with each recipient once, and every audit trail verified', async () => {
    const { concerns, close } = await adminClient(cluster.deployment);
    try {
      const suspended = await concerns.show('LDN-2026-014');
      expect(suspended).toMatchObject({
        category: 4,
        categoryStatus: 'confirmed',
        trainingSuspended: true,
        stage: 'open',
        pending: null,
      });
      expect((await concerns.show('DEMO-1')).reviews).toHaveLength(1);
      for (const ref of ['LDN-2026-014', 'DEMO-1']) {
        const state: ConcernState = await passes(async () => {
          const s = await concerns.show(ref);
          expect(s.notifications.every((n) => n.messageId !== null)).toBe(true);
          return s;
        });
        for (const n of state.notifications) {
          const messages = cluster.inbox.messagesFor(ref).filter((m) => m.headers['x-isf-notice'] === n.messageId);
          // Each recipient at least once; any resend (a send cut off by a restart) the same message.
          expect([ref, n.event, [...new Set(messages.map((m) => m.recipients[0]))].sort()]).toEqual([
            ref,
            n.event,
            [...n.recipients].sort(),
          ]);
          expect([ref, n.event, new Set(messages.map((m) => m.messageId)).size]).toEqual([
            ref,
            n.event,
            n.recipients.length,
          ]);
        }
        const verified = await isf(['verify', ref], env);
        expect([ref, verified.code, verified.stderr]).toEqual([ref, 0, '']);
      }
    } finally {
      await close();
    }
  });

  it('keeps the read model in a PostgreSQL database beside Temporal, and rebuilds it with every row the same', async () => {
    const listed = async () => {
      const ran = await isf(['list', '--all', '--json'], env);
      expect([ran.code, ran.stderr]).toEqual([0, '']);
      return JSON.parse(ran.stdout) as { ref: string; category: number; leadAgency: string | null }[];
    };
    const before = await listed();
    expect(before.find((l) => l.ref === 'LDN-2026-014')).toMatchObject({
      category: 4,
      leadAgency: expect.any(String) as unknown,
    });
    expect(before.map((l) => l.ref)).toContain('DEMO-1');
    const rebuilt = await isf(['read-model', 'rebuild', '--json'], cluster.deployment.env);
    expect([rebuilt.code, rebuilt.stderr]).toEqual([0, '']);
    expect(JSON.parse(rebuilt.stdout)).toMatchObject({
      readModel: 'postgres',
      concerns: before.length,
      removed: [],
      unreadable: [],
    });
    expect(await listed()).toEqual(before);
  });
});
