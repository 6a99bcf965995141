// History events per concern-year: one category-2 concern with monthly reviews and a quarterly
// action-plan cycle, years of it on the time-skipping server, with the policy as configured
// (continue-as-new at 5,000 events unless the configuration says otherwise).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ConcernClient } from '../client/concerns';
import { loadConfig } from '../config/load';
import { runsOf } from '../ops/history';
import { temporalTestServer } from '../ops/binaries';
import { addSearchAttributes } from '../ops/namespace';
import { createIsfWorker } from '../worker/create';
import { sqliteReadModel } from '../reads/open';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HistoryCost {
  years: number;
  events: number;
  runs: number;
  eventsPerConcernYear: number;
}

export async function historyCost(years: number, smtpUrl: string): Promise<HistoryCost> {
  // The in-process worker's state changes would drown the benchmark's progress.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer() } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'isf-bench-years-'));
  try {
    await addSearchAttributes(env.connection, 'default');
    // The test server's clock runs years ahead of the signing clock: decisions go unsigned here.
    const config = loadConfig();
    config.security = { ...config.security, requireSignedDecisions: false };
    const readModel = sqliteReadModel(join(dir, 'read-model.sqlite'), []);
    const worker = await createIsfWorker({
      connection: env.nativeConnection,
      client: env.client,
      readModel,
      namespace: 'default',
      config: () => config,
      smtpUrl,
    });
    return await worker.runUntil(async () => {
      const concerns = new ConcernClient(env.client, 120_000);
      const ana = { actor: 'ana.quality' };
      const ref = `YEARS-${Date.now().toString(36)}`;
      await concerns.open({
        actor: 'ana.quality',
        ref,
        title: 'Rota gaps',
        region: 'london',
        provider: 'barts',
        site: 'Ward 1',
        professions: ['nursing'],
        learners: 5,
        sources: ['learner-survey'],
        likelihood: 3,
        impact: 3,
        category: 2,
        rationale: 'Survey',
      });
      await concerns.decide(ref, 'confirm', { actor: 'ben.governance' });
      for (let month = 1; month <= years * 12; month++) {
        await env.sleep('30 days');
        let state = await concerns.decide(ref, 'review', {
          ...ana,
          outcome: 'no-change',
          summary: `Review ${month}`,
          evidence: [`Survey ${month}`],
        });
        if (month % 3 === 0) {
          const due = new Date(Date.parse(state.openedAt) + (30 * month + 60) * 86_400_000).toISOString();
          state = await concerns.decide(ref, 'plan-add', {
            ...ana,
            objective: `Objective ${month}`,
            measure: 'Survey green',
            owner: 'dme@barts.example.org',
            due,
          });
          if (!state.planAgreed)
            state = await concerns.decide(ref, 'plan-agree', {
              ...ana,
              agreedBy: 'Dr Dee Emm, Director of Medical Education',
            });
          await concerns.decide(ref, 'plan-done', {
            ...ana,
            objective: state.objectives.length,
            evidence: 'Survey green',
          });
        }
        if (process.stderr.isTTY) process.stderr.write(`\rbench: history, month ${month}/${years * 12}`);
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      await env.sleep('1 day');
      const runs = await runsOf(env.client, ref);
      const events = runs.reduce((n, r) => n + r.events, 0);
      return { years, events, runs: runs.length, eventsPerConcernYear: Math.round(events / years) };
    });
  } finally {
    await env.teardown();
    rmSync(dir, { recursive: true, force: true });
  }
}
