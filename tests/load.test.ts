// Load: eight admin clients in parallel open 500 concerns and drive each through a scripted set of
// decisions, against a dev server, a worker process and a real SMTP server. Afterwards every
// concern's state is the one its script says, and every notification went once to each recipient.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConcernClient } from '../client/concerns';
import type { ConcernState } from '../concern/state';
import { adminClient, startCluster, type Cluster } from './support/cluster';
import { passes } from './support/eventually';
import { freshRef, opening, TRIANGULATED, RECOVERY, URGENT, WAIVER } from './support/fixtures';

const CONCERNS = Number(process.env.ISF_LOAD_CONCERNS || 500);
const CLIENTS = 8;

jest.setTimeout(1_200_000);

interface Script {
  name: string;
  run(concerns: ConcernClient, ref: string): Promise<void>;
  /** Worked out by hand from the guide, not by the code under test. */
  expect: {
    stage: ConcernState['stage'];
    category: number;
    categoryStatus: ConcernState['categoryStatus'];
    score: number;
    national: boolean;
    suspended: boolean;
    actions: string[];
    /** The mail it owes, in order. */
    events: string[];
  };
}

const quality = { actor: 'ana.quality' };
const governance = { actor: 'ben.governance' };

const SCRIPTS: Script[] = [
  {
    name: 'a minor concern, confirmed and closed',
    async run(c, ref) {
      await c.open(opening({ ref, category: 1, likelihood: 2, impact: 2 }));
      await c.decide(ref, 'confirm', governance);
      await c.decide(ref, 'close', { ...quality, rationale: 'resolved at the visit' });
    },
    expect: {
      stage: 'closed',
      category: 1,
      categoryStatus: 'confirmed',
      score: 4,
      national: false,
      suspended: false,
      actions: ['open', 'confirm', 'close'],
      events: ['category-changed', 'category-confirmed', 'concern-closed'],
    },
  },
  {
    name: 'escalated to 3 with a notice of intention',
    async run(c, ref) {
      await c.open(opening({ ref }));
      await c.decide(ref, 'confirm', governance);
      await c.decide(ref, 'propose', {
        evidence: TRIANGULATED,
        ...quality,
        category: 3,
        rationale: 'no improvement at review',
      });
      await c.decide(ref, 'confirm', { ...governance, ...RECOVERY });
    },
    expect: {
      stage: 'open',
      category: 3,
      categoryStatus: 'confirmed',
      score: 9,
      national: true,
      suspended: false,
      actions: ['open', 'confirm', 'propose', 'confirm'],
      events: [
        'category-changed',
        'category-confirmed',
        'category-changed',
        'register-change',
        'category-confirmed',
        'notice-of-intention',
      ],
    },
  },
  {
    name: 're-rated onto the national register',
    async run(c, ref) {
      await c.open(opening({ ref }));
      await c.decide(ref, 'confirm', governance);
      await c.decide(ref, 'rate', { ...quality, likelihood: 4, impact: 4, rationale: 'second serious incident' });
    },
    expect: {
      stage: 'open',
      category: 2,
      categoryStatus: 'confirmed',
      score: 16,
      national: true,
      suspended: false,
      actions: ['open', 'confirm', 'rate'],
      events: ['category-changed', 'category-confirmed', 'register-change'],
    },
  },
  {
    name: 'suspended after national sign-off',
    async run(c, ref) {
      await c.open(opening({ ref, category: 3, likelihood: 4, impact: 4 }));
      await c.decide(ref, 'confirm', { ...governance, ...RECOVERY });
      await c.decide(ref, 'propose', {
        evidence: TRIANGULATED,
        ...quality,
        category: 4,
        ...URGENT,
        rationale: 'unsafe supervision continues',
      });
      await c.decide(ref, 'confirm', governance);
      await c.decide(ref, 'sign-off', { ...WAIVER, actor: 'nia.national', approve: true, rationale: 'JSOG agreed' });
    },
    expect: {
      stage: 'open',
      category: 4,
      categoryStatus: 'confirmed',
      score: 16,
      national: true,
      suspended: true,
      actions: ['open', 'confirm', 'propose', 'confirm', 'sign-off'],
      events: [
        'category-changed',
        'register-change',
        'category-confirmed',
        'notice-of-intention',
        'sign-off-requested',
        'category-changed',
      ],
    },
  },
];

describe(`load: ${CLIENTS} admin clients, ${CONCERNS} concerns`, () => {
  let cluster: Cluster | undefined;
  afterAll(() => cluster?.stop());

  it('ends every concern in the state its script says, with every notification sent once to each recipient', async () => {
    cluster = await startCluster('load');
    const { inbox, deployment: d } = cluster;
    await cluster.startWorker();
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => adminClient(d)));
    const work = Array.from({ length: CONCERNS }, (_, i) => ({
      ref: freshRef('LOAD'),
      script: SCRIPTS[i % SCRIPTS.length],
    }));
    try {
      const started = Date.now();
      // Each client drives its share one concern at a time, as a person at the admin script would.
      await Promise.all(
        clients.map(async ({ concerns }, c) => {
          for (let i = c; i < work.length; i += CLIENTS) await work[i].script.run(concerns, work[i].ref);
        }),
      );
      const decided = (Date.now() - started) / 1000;
      const owed = work.reduce((n, w) => n + w.script.expect.events.length, 0);
      const notices = () =>
        new Set(
          inbox.messages
            .filter((m) => m.headers['x-isf-ref']?.startsWith('LOAD'))
            .map((m) => m.headers['x-isf-notice']),
        ).size;
      await passes(() => Promise.resolve(expect(notices()).toBeGreaterThanOrEqual(owed)), 300_000);
      await sleep(2_000); // anything sent twice would arrive by now
      process.stderr.write(
        `load: ${CONCERNS} concerns, ${work.reduce((n, w) => n + w.script.expect.actions.length, 0)} decisions in ${decided.toFixed(0)} s; ${owed} notifications delivered\n`,
      );

      const { concerns } = clients[0];
      for (const { ref, script } of work) {
        const state = await concerns.show(ref);
        const e = script.expect;
        expect({
          ref,
          script: script.name,
          stage: state.stage,
          category: state.category,
          categoryStatus: state.categoryStatus,
          score: state.risk.score,
          national: state.registers.national,
          suspended: state.trainingSuspended,
          actions: state.audit.map((a) => a.action),
        }).toEqual({
          ref,
          script: script.name,
          stage: e.stage,
          category: e.category,
          categoryStatus: e.categoryStatus,
          score: e.score,
          national: e.national,
          suspended: e.suspended,
          actions: e.actions,
        });
        expect(state.notifications.map((n) => n.event)).toEqual(e.events);
        const mails = inbox.for(ref);
        expect(mails.map((m) => m.headers['x-isf-event']).sort()).toEqual([...e.events].sort());
        for (const n of state.notifications) {
          const copies = mails.filter((m) => m.messageId === n.messageId);
          expect(copies).toHaveLength(1);
          expect([...copies[0].recipients].sort()).toEqual([...n.recipients].sort());
          expect(new Set(copies[0].recipients).size).toBe(copies[0].recipients.length);
        }
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
