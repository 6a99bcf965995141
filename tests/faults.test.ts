// Nothing lost under faults, with real processes: a Temporal dev server on a database file, worker
// processes that are killed or stopped, and an SMTP server that goes away. The test process plays
// the admin clients and the mail server.
import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConcernClient } from '../client/concerns';
import { EXIT } from '../client/errors';
import type { OpeningInput } from '../concern/inputs';
import type { ConcernState } from '../concern/state';
import { concernWorkflowId } from '../workflows/names';
import { recipientMessageId } from '../activities/smtp';
import { adminClient, startCluster, type Cluster, type Deployment } from './support/cluster';
import { passes } from './support/eventually';
import { freshRef, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from './support/fixtures';
import { TestInbox } from './support/inbox';
import { Stack, freePort, isf } from './support/processes';

jest.setTimeout(600_000);

const EventType = temporal.api.enums.v1.EventType;

/** Resolves when the mail server has the next message but has not yet accepted it. */
function nextArrival(inbox: TestInbox): Promise<void> {
  return new Promise((resolve) => {
    inbox.onArrival = () => {
      inbox.onArrival = () => undefined;
      resolve();
    };
  });
}

async function historyOf(client: Client, ref: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  return (await client.workflow.getHandle(concernWorkflowId(ref)).fetchHistory()).events ?? [];
}

/** Opens a concern at category 3 and takes it to the point where national sign-off suspends training. */
async function awaitingSignOff(concerns: ConcernClient, overrides: Partial<OpeningInput> = {}): Promise<string> {
  const o = opening({ category: 3, likelihood: 4, impact: 4, ...overrides });
  await concerns.open(o);
  await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
  await concerns.decide(o.ref, 'propose', {
    evidence: TRIANGULATED,
    actor: 'ana.quality',
    category: 4,
    ...URGENT,
    rationale: 'unsafe supervision continues',
  });
  await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
  return o.ref;
}

describe('faults, on a dev server with worker processes and a real SMTP server', () => {
  let cluster: Cluster;
  let inbox: TestInbox;
  let d: Deployment;
  let admin: Awaited<ReturnType<typeof adminClient>>;
  const startWorker = () => cluster.startWorker();

  beforeAll(async () => {
    // Imperial's executives have addresses the mail server refuses for good (test 2).
    const bouncing = {
      'provider-chief-executive': ['bounce-ceo@imperial.example.org'],
      'provider-medical-director': ['bounce-md@imperial.example.org'],
    };
    cluster = await startCluster('faults', {
      inbox: { refuse: (address) => address.startsWith('bounce') },
      config: { providers: { imperial: { contacts: bouncing } } },
    });
    ({ inbox, deployment: d } = cluster);
    admin = await adminClient(d);
  });

  afterEach(async () => {
    inbox.delayMs = 0;
    await inbox.up();
    await Promise.all(cluster.workers.splice(0).map((w) => w.stop()));
  });

  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  it('1. a worker killed mid-send: a new worker sends the category-4 notice to every role, any duplicate with the same Message-ID', async () => {
    const first = await startWorker();
    const ref = await awaitingSignOff(admin.concerns);
    await inbox.waitFor(ref, 'sign-off-requested');
    await passes(async () =>
      expect((await admin.concerns.show(ref)).notifications.map((n) => n.event)).toContain('sign-off-requested'),
    );

    // The mail server takes its time to accept; the worker dies while it does.
    inbox.delayMs = 8_000;
    const arriving = nextArrival(inbox);
    const suspended = await admin.concerns.decide(ref, 'sign-off', {
      ...WAIVER,
      actor: 'nia.national',
      approve: true,
      rationale: 'JSOG agreed',
    });
    expect(suspended).toMatchObject({ category: 4, trainingSuspended: true });
    await arriving;
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    inbox.delayMs = 0;

    await startWorker();
    const state = await passes(async () => {
      const s = await admin.concerns.show(ref);
      expect(s.notifications.some((n) => n.event === 'category-changed' && n.category === 4)).toBe(true);
      return s;
    }, 90_000);
    const record = state.notifications.find((n) => n.event === 'category-changed' && n.category === 4)!;
    expect(record.recipients).toHaveLength(26); // 25 roles, and the GMC for postgraduate medical learners
    const [notice] = inbox.for(ref, 'category-changed').filter((m) => m.subject.includes('now category 4'));
    // One message per recipient, each with its own stable Message-ID: the notice's, with a digest of the address.
    expect(notice.messageId).toBe(record.messageId);
    for (const m of notice.messages) expect(m.messageId).toBe(recipientMessageId(record.messageId!, m.recipients[0]));
    expect(new Set(notice.recipients)).toEqual(new Set(record.recipients));
    // The killed attempt's message was accepted after the worker died, and the retry sent that one
    // again, with the same Message-ID; those the heartbeats recorded as done were not sent again.
    const twice = record.recipients.filter((r) => notice.messages.filter((m) => m.recipients[0] === r).length > 1);
    expect(twice).toHaveLength(1);
    expect(notice.messages).toHaveLength(record.recipients.length + 1);
    // The notification is recorded once, however often it was attempted.
    expect(state.notifications.filter((n) => n.event === 'category-changed' && n.category === 4)).toHaveLength(1);
  });

  it('2. the mail server down: notices wait, retry with backoff and all arrive; refused addresses end as undeliverable, reported, not retried', async () => {
    await startWorker();
    const o = opening();
    await admin.concerns.open(o);
    await admin.concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
    await passes(async () =>
      expect((await admin.concerns.show(o.ref)).notifications.map((n) => n.event)).toEqual([
        'category-changed',
        'category-confirmed',
      ]),
    );

    await inbox.down();
    await admin.concerns.decide(o.ref, 'propose', {
      evidence: TRIANGULATED,
      actor: 'ana.quality',
      category: 3,
      rationale: 'no improvement at review',
    });
    // Retried while the server is down, and not recorded as sent.
    const handle = admin.client.workflow.getHandle(concernWorkflowId(o.ref));
    await passes(async () => {
      const { raw } = await handle.describe();
      const pending = raw.pendingActivities ?? [];
      expect(pending).toHaveLength(1);
      expect(pending[0].activityId).toBe('notice-3'); // the 3 in its Message-ID <ref.3.category-changed@…>
      expect(pending[0].attempt).toBeGreaterThanOrEqual(3); // retried at 5 s, then 10 s later: backing off
      // Failure messages are encrypted too: read it as an operator would, through the codec.
      const failure = await decodeOptionalFailureToOptionalError(
        admin.client.options.loadedDataConverter,
        pending[0].lastFailure,
      );
      expect(failure?.message).toMatch(/ECONNREFUSED/);
    }, 30_000);
    const whileDown = await admin.concerns.show(o.ref);
    expect(whileDown.notifications).toHaveLength(2);
    expect(inbox.for(o.ref)).toHaveLength(2);

    await inbox.up();
    await inbox.waitFor(o.ref, 'category-changed', 2, 60_000);
    const after = await passes(async () => {
      const s = await admin.concerns.show(o.ref);
      expect(s.notifications.map((n) => n.event)).toEqual([
        'category-changed',
        'category-confirmed',
        'category-changed',
        'register-change',
      ]);
      return s;
    }, 60_000);
    // Sent once each: the server never accepted a message before it came back.
    for (const n of after.notifications) {
      const sent = inbox.messagesFor(o.ref).filter((m) => m.headers['x-isf-notice'] === n.messageId);
      expect(sent.map((m) => m.recipients[0]).sort()).toEqual([...n.recipients].sort());
    }

    // Every address of a notice refused for good: recorded and reported at the first attempt.
    const refusedRef = await (async () => {
      const r = opening({ category: 3, provider: 'imperial' });
      await admin.concerns.open(r);
      await admin.concerns.decide(r.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
      return r.ref;
    })();
    const [report] = await inbox.waitFor(refusedRef, 'undeliverable');
    expect(report.text).toContain('bounce-ceo@imperial.example.org');
    const refused = await passes(async () => {
      const s = await admin.concerns.show(refusedRef);
      expect(s.notifications.map((n) => n.event)).toContain('undeliverable');
      return s;
    });
    expect(
      refused.undeliverable
        .filter((u) => u.event === 'notice-of-intention')
        .map((u) => u.recipient)
        .sort(),
    ).toEqual(['bounce-ceo@imperial.example.org', 'bounce-md@imperial.example.org']);
    const history = await historyOf(admin.client, refusedRef);
    const attempts = history
      .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(attempts.every((a) => a === 1)).toBe(true);
    expect(history.some((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)).toBe(false);
  });

  /** A concern opened, then no worker, and the ISF service: a decision reaches the concern and waits there. */
  async function withoutWorker(actor: string) {
    const worker = await startWorker();
    const o = opening();
    await admin.concerns.open(o);
    worker.kill('SIGKILL');
    await worker.exited;
    const service = await cluster.startService();
    return { o, service, env: { ...service.env, ISF_ACTOR: actor } };
  }

  it('4. the same decision twice: a client that timed out and retried with the same request id has it applied once', async () => {
    // No worker: the decision is admitted but not processed, and the admin script gives up,
    // saying how to retry it safely.
    const { o, env } = await withoutWorker('ben.governance');
    const timedOut = await isf(['confirm', o.ref], { ...env, ISF_TIMEOUT_SECONDS: '2' });
    expect(timedOut.code).toBe(EXIT.unavailable);
    const requestId = /--request-id (\S+)$/m.exec(timedOut.stderr)?.[1];
    expect(requestId).toBeDefined();

    // Retried with the same request id while the worker comes back, and once more after.
    const retried = isf(['confirm', o.ref, '--request-id', requestId!, '--json'], env);
    await startWorker();
    const result = await retried;
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as ConcernState).categoryStatus).toBe('confirmed');
    const again = await isf(['confirm', o.ref, '--request-id', requestId!, '--json'], env);
    expect(again.code).toBe(0);

    const state = await admin.concerns.show(o.ref);
    expect(state.audit.filter((a) => a.action === 'confirm')).toHaveLength(1);
    const accepted = (await historyOf(admin.client, o.ref)).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(
      accepted.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === requestId,
      ),
    ).toHaveLength(1);
  });

  it('5. the ISF service killed mid-decision: the decision, retried with its request id, is applied once', async () => {
    // No worker for a moment: the decision reaches the concern and waits there for one.
    const { o, service, env } = await withoutWorker('ana.quality');
    const rate = ['rate', o.ref, '--likelihood', '4', '--impact', '4', '--rationale', 'second incident'];
    const inFlight = isf(rate, env);
    // The service dies with the request in flight (waiting on Temporal for the concern's answer).
    await sleep(2000);
    service.process.kill('SIGKILL');
    const cut = await inFlight;
    expect(cut.code).toBe(EXIT.unavailable);
    const requestId = /--request-id (\S+)$/m.exec(cut.stderr)?.[1];
    expect(requestId).toBeDefined();
    // Everything back; the same decision, the same request id.
    await startWorker();
    const again = await cluster.startService();
    const retried = await isf([...rate, '--request-id', requestId!, '--json'], {
      ...again.env,
      ISF_ACTOR: 'ana.quality',
    });
    expect([retried.code, retried.stderr]).toEqual([0, '']);
    const state = await admin.concerns.show(o.ref);
    expect(state.audit.filter((a) => a.requestId === requestId)).toHaveLength(1);
    expect(state.risk.score).toBe(16);
    const accepted = (await historyOf(admin.client, o.ref)).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    );
    expect(
      accepted.filter(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === requestId,
      ),
    ).toHaveLength(1);
  });

  it('6. SIGTERM lets an in-flight notice finish, then the worker exits 0', async () => {
    const worker = await startWorker();
    const o = opening();
    inbox.delayMs = 5_000;
    const arriving = nextArrival(inbox);
    await admin.concerns.open(o);
    await arriving;
    const stoppedAt = Date.now();
    worker.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // It waited for the mail server to accept, and no longer than the grace time.
    expect(inbox.for(o.ref, 'category-changed')).toHaveLength(1);
    expect(Date.now() - stoppedAt).toBeLessThan(25_000);

    // The next worker records the notice as sent, and does not send it again.
    inbox.delayMs = 0;
    await startWorker();
    await passes(async () =>
      expect((await admin.concerns.show(o.ref)).notifications.map((n) => n.event)).toEqual(['category-changed']),
    );
    await sleep(1_000);
    expect(inbox.for(o.ref, 'category-changed')).toHaveLength(1);
  });
});

describe('3. Temporal restarted, on the same database', () => {
  let cluster: Cluster | undefined;
  afterAll(() => cluster?.stop());

  it('continues every concern; a timer that fell due during the outage fires after the restart', async () => {
    // An unconfirmed category reminds regional governance after 20 seconds.
    cluster = await startCluster('restart', { policy: { confirmWithin: '20s' } });
    const { inbox, server, deployment: d } = cluster;
    const worker = await cluster.startWorker();
    const admin = await adminClient(d);
    try {
      const waiting = opening();
      const openedAt = Date.now();
      await admin.concerns.open(waiting);
      const proposed = opening();
      await admin.concerns.open(proposed);
      await admin.concerns.decide(proposed.ref, 'confirm', { actor: 'ben.governance' });
      await admin.concerns.decide(proposed.ref, 'propose', {
        evidence: TRIANGULATED,
        actor: 'ana.quality',
        category: 3,
        rationale: 'no improvement at review',
      });
      await inbox.waitFor(proposed.ref, 'register-change');

      await server.stop();
      // The reminder falls due while the server is down.
      await sleep(Math.max(0, openedAt + 25_000 - Date.now()));
      expect(inbox.for(waiting.ref, 'confirmation-reminder')).toHaveLength(0);
      const restartedAt = Date.now();
      await server.start();

      const [reminder] = await inbox.waitFor(waiting.ref, 'confirmation-reminder', 1, 60_000);
      expect(reminder.recipients).toContain('ben.governance@example.nhs.uk');
      expect(Date.now()).toBeGreaterThan(restartedAt);
      // The pending proposal is still pending, and governance can decide it.
      expect((await admin.concerns.show(proposed.ref)).pending).toMatchObject({ category: 3 });
      expect(
        await admin.concerns.decide(proposed.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY }),
      ).toMatchObject({ category: 3, categoryStatus: 'confirmed' });
      await inbox.waitFor(proposed.ref, 'notice-of-intention');
      expect(await admin.concerns.decide(waiting.ref, 'confirm', { actor: 'ben.governance' })).toMatchObject({
        categoryStatus: 'confirmed',
      });
      // The same worker process carried on through the outage.
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await admin.close();
    }
  });
});

describe('6. npm start on Ctrl-C', () => {
  it('lets the worker finish an in-flight notice before it stops, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isf-ctrl-c-'));
    const inbox = await TestInbox.start();
    const servicePort = await freePort();
    const env: NodeJS.ProcessEnv = {
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
      ISF_UI_PORT: String(await freePort()),
      ISF_CODEC_PORT: String(await freePort()),
      ISF_METRICS_PORT: String(await freePort()),
      ISF_SERVICE_PORT: String(servicePort),
      ISF_SERVICE_METRICS_PORT: String(await freePort()),
      ISF_SERVICE_URL: `http://127.0.0.1:${servicePort}`,
      ISF_DATA_DIR: dir,
      SMTP_URL: inbox.url,
      ISF_CONFIG: '',
      ISF_ACTOR: 'ana.quality',
    };
    const stack = await Stack.start(env);
    try {
      inbox.delayMs = 5_000;
      const arriving = nextArrival(inbox);
      const ref = freshRef('CTRLC');
      const opened = await isf(
        [
          'open',
          '--ref',
          ref,
          '--region',
          'london',
          '--provider',
          'barts',
          '--title',
          'Rota gaps',
          '--site',
          'Ward 3',
          '--profession',
          'nursing',
          '--learners',
          '4',
          '--source',
          'complaint',
          '--likelihood',
          '2',
          '--impact',
          '2',
          '--category',
          '1',
          '--rationale',
          'complaints',
        ],
        env,
      );
      expect(opened.stderr).toBe('');
      await arriving;
      expect(await stack.interrupt()).toBe(0);
      expect(inbox.for(ref, 'category-changed')).toHaveLength(1);
    } finally {
      if (stack.child.exitCode === null) await stack.interrupt();
      await inbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
