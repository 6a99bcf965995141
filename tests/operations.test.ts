// Running it as a team: two worker processes on one task queue (one killed, the other carries on
// with every concern), the Prometheus endpoint scraped, and the JSON logs read back. A real dev
// server, real worker processes, a real SMTP server.
import type { ConcernClient } from '../client/concerns';
import { METRICS } from '../observability/metric-names';
import { concernWorkflowId } from '../workflows/names';
import { adminClient, startCluster, type Cluster, type WorkerProcess } from './support/cluster';
import { passes } from './support/eventually';
import { freshRef, opening, RECOVERY, TRIANGULATED } from './support/fixtures';
import { freePort } from './support/processes';

jest.setTimeout(300_000);

const CONCERNS = 12;
const governance = { actor: 'ben.governance' };

/** One sample's value from a Prometheus text exposition, matched by name and labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? ([^ ]+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

/** Every line the worker wrote to stdout, parsed: a line that is not JSON fails the test. */
function logLines(worker: WorkerProcess): Record<string, unknown>[] {
  return worker.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('a team deployment: two workers, metrics and logs', () => {
  let cluster: Cluster;
  let admin: Awaited<ReturnType<typeof adminClient>>;
  let concerns: ConcernClient;
  let first: WorkerProcess;
  let second: WorkerProcess;
  let metricsPort: number;
  const refs: string[] = [];

  beforeAll(async () => {
    cluster = await startCluster('operations');
    metricsPort = await freePort();
    first = await cluster.startWorker({ ISF_LOG_LEVEL: 'debug' });
    second = await cluster.startWorker({ ISF_METRICS_PORT: String(metricsPort) });
    admin = await adminClient(cluster.deployment);
    concerns = admin.concerns;
  });

  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  it('shares the concerns between two workers, and one carries on with every concern when the other is killed', async () => {
    for (let i = 0; i < CONCERNS; i++) refs.push(freshRef('OPS'));
    await Promise.all(refs.map((ref) => concerns.open(opening({ ref }))));
    await Promise.all(refs.map((ref) => concerns.decide(ref, 'confirm', governance)));
    await Promise.all(refs.map((ref) => cluster.inbox.waitFor(ref, 'category-changed')));

    // Both workers had work: each ran some of the notification activities.
    const ranNotices = (w: WorkerProcess) => w.stdout.includes('sendNotification');
    expect(ranNotices(first)).toBe(true);

    first.kill('SIGKILL');
    await first.exited;

    // Every concern answers a decision and sends its mail through the worker left standing.
    await Promise.all(
      refs.map((ref) =>
        concerns.decide(ref, 'propose', {
          evidence: TRIANGULATED,
          actor: 'ana.quality',
          category: 3,
          rationale: 'no improvement at review',
        }),
      ),
    );
    await Promise.all(refs.map((ref) => concerns.decide(ref, 'confirm', { ...governance, ...RECOVERY })));
    for (const ref of refs) {
      await cluster.inbox.waitFor(ref, 'notice-of-intention', 1, 60_000);
      const state = await concerns.show(ref);
      expect([ref, state.category, state.categoryStatus]).toEqual([ref, 3, 'confirmed']);
      // Every notice once on the concern and in the inbox. A send cut off by the kill after the mail
      // server accepted it is sent again by the other worker: the same message, the same Message-ID.
      const ids = (event: string) => new Set(cluster.inbox.for(ref, event).map((m) => m.messageId)).size;
      expect([ref, ids('category-changed'), ids('notice-of-intention')]).toEqual([ref, 2, 1]);
      expect([ref, state.notifications.filter((n) => n.event === 'category-changed').length]).toEqual([ref, 2]);
    }
  });

  it("serves Prometheus metrics: the SDK's and the system's own", async () => {
    // A refused decision is counted too (nobody confirms their own proposal).
    await expect(
      concerns.decide(refs[0], 'propose', {
        evidence: TRIANGULATED,
        actor: 'ana.quality',
        category: 2,
        rationale: 'improving',
      }),
    ).resolves.toBeDefined();
    await expect(concerns.decide(refs[0], 'confirm', { actor: 'ana.quality' })).rejects.toThrow();
    await concerns.decide(refs[0], 'confirm', governance);

    const text = await passes(async () => {
      const body = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      // The second worker handled every decision after the first was killed.
      expect(sample(body, METRICS.decisions, { decision: 'confirm', outcome: 'accepted' })).toBeGreaterThanOrEqual(
        CONCERNS + 1,
      );
      expect(sample(body, METRICS.decisions, { decision: 'confirm', outcome: 'refused' })).toBe(1);
      expect(sample(body, METRICS.notificationsSent, { event: 'notice-of-intention' })).toBeGreaterThanOrEqual(1);
      return body;
    }, 60_000);
    expect(text).toMatch(/^temporal_worker_start\{/m);
    expect(text).toMatch(/^temporal_workflow_task_execution_latency/m);
    // Concerns by category come from visibility when the worker starts (and every 30 s).
    expect(sample(text, METRICS.concerns, { category: '0' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, METRICS.reviewsOverdue)).toBeGreaterThanOrEqual(0);
  });

  it('counts open concerns by category from visibility', async () => {
    const port = await freePort();
    const third = await cluster.startWorker({ ISF_METRICS_PORT: String(port) });
    const body = await passes(async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(sample(text, METRICS.concerns, { category: '3' })).toBe(CONCERNS - 1);
      return text;
    });
    expect(sample(body, METRICS.concerns, { category: '2' })).toBe(1);
    expect(sample(body, METRICS.concerns, { category: '4' })).toBe(0);
    await third.stop();
  });

  it("logs JSON lines, with the concern's ref on every line about one, at the level the environment sets", () => {
    const lines = logLines(first);
    for (const line of lines) {
      expect(typeof line.time).toBe('string');
      expect(['trace', 'debug', 'info', 'warn', 'error']).toContain(line.level);
      expect(typeof line.message).toBe('string');
      expect(line).not.toHaveProperty('taskToken');
      if (typeof line.workflowId === 'string' && line.workflowId.startsWith('concern-')) {
        expect(concernWorkflowId(line.ref as string)).toBe(line.workflowId);
      }
    }
    const aboutConcerns = lines.filter((l) => typeof l.ref === 'string' && refs.includes(l.ref));
    expect(aboutConcerns.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.level === 'debug')).toBe(true);
    // The second worker runs at the default level, info: no debug lines.
    const second_ = logLines(second);
    expect(second_.find((l) => l.message === 'polling')).toMatchObject({
      level: 'info',
      metrics: `http://127.0.0.1:${metricsPort}/metrics`,
    });
    expect(second_.filter((l) => l.level === 'debug' || l.level === 'trace')).toEqual([]);
  });
});
