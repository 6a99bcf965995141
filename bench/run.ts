// `npm run bench [-- --quick]`: the concern workflow against the platform's own floor, measured
// side by side in one run on one server. Writes bench/results.json and the results section of
// docs/benchmarks.md; progress goes to stderr, the summary to stdout.
import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ConcernClient } from '../client/concerns';
import { openReadModel } from '../reads/open';
import { dataConverter } from '../codec/data-converter';
import { prepareNamespace } from '../ops/namespace';
import { envValue } from '../config/env';
import { freePort } from '../ops/wait';
import { temporalCli } from '../ops/binaries';
import { concernWorkflowId } from '../workflows/names';
import { WORKFLOW_BUNDLE } from '../worker/create';
import { bundleSize, perConcernKiB } from './footprint';
import { sandboxCost } from './sandbox-cost';
import { historyCost } from './history-cost';
import { Pool } from './pool';
import { ROOT, startDevServer, startSink, startWorker, timeProcess } from './processes';
import { machine, writeResults, type Results } from './results';
import { latency, median, ratio, round } from './stats';
import { NOOP_TASK_QUEUE, noop, noopQuery, noopUpdate } from './noop/workflows';

const SIZES = {
  full: {
    decisions: 1000,
    openings: 500,
    scale: [100, 1000, 10_000],
    scaleDecisions: 300,
    cliRuns: 10,
    years: 5,
    report: 1000,
  },
  quick: { decisions: 150, openings: 100, scale: [50, 200], scaleDecisions: 100, cliRuns: 5, years: 2, report: 200 },
};

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** Runs `fn` `count` times, `parallel` at once. */
async function inParallel(
  count: number,
  parallel: number,
  fn: (i: number) => Promise<void>,
  label?: string,
): Promise<void> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        await fn(next++);
        if (label && process.stderr.isTTY && ++done % 50 === 0)
          process.stderr.write(`\rbench: ${label} ${done}/${count}`);
      }
    }),
  );
  if (label && process.stderr.isTTY) process.stderr.write('\n');
}

async function main(): Promise<void> {
  const options = new Command('bench')
    .option('--quick', 'smaller counts, under two minutes')
    .parse()
    .opts<{ quick?: boolean }>();
  const mode = options.quick ? 'quick' : 'full';
  const size = SIZES[mode];
  const dir = mkdtempSync(join(tmpdir(), 'isf-bench-'));
  const stops: (() => Promise<void>)[] = [];
  try {
    const given = envValue('TEMPORAL_ADDRESS');
    const server = given ? undefined : await startDevServer(join(dir, 'temporal.db'));
    if (server) stops.push(() => server.stop());
    const address = given ?? server!.address;
    progress(`${mode} run against ${server ? 'a dev server started for it' : address}`);
    const sink = await startSink();
    stops.push(() => sink.close());
    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    await prepareNamespace(connection, 'default');

    // The deployed shape: payloads encrypted, notifications mailed, both workers separate processes.
    const env: NodeJS.ProcessEnv = {
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: 'default',
      SMTP_URL: sink.url,
      ISF_DATA_DIR: dir,
      ISF_CODEC_KEYS: JSON.stringify({ current: 'bench', keys: { bench: randomBytes(32).toString('base64') } }),
    };
    const worker = await startWorker(join(ROOT, 'dist', 'worker', 'index.js'), env);
    stops.unshift(() => worker.stop());
    const baselineWorker = await startWorker(join(ROOT, 'dist', 'bench', 'noop', 'worker.js'), env);
    stops.unshift(() => baselineWorker.stop());
    const client = new Client({ connection, namespace: 'default', dataConverter: dataConverter(env) });
    // The ISF service, as people reach it: the reports, the registers and `isf show` go through it.
    const servicePort = await freePort();
    const service = await startWorker(join(ROOT, 'dist', 'service', 'main.js'), {
      ...env,
      ISF_SERVICE_PORT: String(servicePort),
      ISF_SERVICE_METRICS_PORT: 'off',
    });
    stops.unshift(() => service.stop());
    const people = {
      ISF_SERVICE_URL: `http://127.0.0.1:${servicePort}`,
      ISF_ACTOR: 'ana.quality',
      TEMPORAL_ADDRESS: '',
      ISF_CODEC_KEYS: '',
    };

    // As the service: what a decision returns is recorded in the read model the worker writes too.
    const readModel = await openReadModel(client.options.dataConverter, env);
    stops.push(() => readModel.close());
    const concerns = new ConcernClient(client, 120_000, { readModel });
    const pool = new Pool(concerns);
    const baselines: string[] = [];
    const startBaseline = async () => {
      const id = `noop-${randomUUID()}`;
      const handle = await client.workflow.start(noop, { workflowId: id, taskQueue: NOOP_TASK_QUEUE });
      await handle.query(noopQuery);
      baselines.push(id);
    };
    // The same payload on both sides: the ratio is the concern's work, not the bytes.
    const noopDecision = (i: number) =>
      client.workflow.getHandle(baselines[i % baselines.length]).executeUpdate(noopUpdate, {
        args: [
          {
            actor: 'ana.quality',
            category: 3,
            rationale: 'No improvement at the 30-day review',
            requestId: randomUUID(),
          },
        ],
      });

    // 1. Decision latency, interleaved one for one.
    progress(`decision latency: ${size.decisions} decisions and as many no-op updates, interleaved`);
    await inParallel(20, 4, () => pool.open());
    await inParallel(20, 4, startBaseline);
    for (let i = 0; i < 20; i++) {
      await pool.decideNext(i % pool.refs.length);
      await noopDecision(i);
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < size.decisions; i++) {
      let t = performance.now();
      await pool.decideNext(i % pool.refs.length);
      ours.push(performance.now() - t);
      t = performance.now();
      await noopDecision(i);
      theirs.push(performance.now() - t);
      if (process.stderr.isTTY && (i + 1) % 100 === 0)
        process.stderr.write(`\rbench: decisions ${i + 1}/${size.decisions}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    const decision = { ours: latency(ours), baseline: latency(theirs) };

    // 3. Scale (and 6. the report, when the pool holds its size). The smallest level is measured
    // before the openings of (2) add their concerns.
    const scale: Results['scale'] = [];
    let report: Pick<Results['report'], 'concerns' | 'seconds' | 'secondsFor1000'> | undefined;
    let regionalReport: { concerns: number; seconds: number } | undefined;
    let register: Results['register'] | undefined;
    const atLevel = async (level: number) => {
      progress(`scale: opening concerns up to ${level}`);
      await inParallel(Math.max(0, level - pool.size), 16, () => pool.open(), 'opened');
      await sink.settled();
      if (level === size.report) {
        progress(`report: the governance pack for ${pool.size} concerns`);
        const ms = await timeProcess(
          process.execPath,
          [join(ROOT, 'bin', 'isf.js'), 'report', '--out', join(dir, 'pack.html')],
          people,
        );
        report = {
          concerns: pool.size,
          seconds: round(ms / 1000),
          secondsFor1000: round((ms / 1000) * (1000 / pool.size)),
        };
      }
      if (level === largest) {
        // One region's concerns (every tenth: the midlands) among all those open; and the national
        // register as it stood a moment ago, from every concern's audit trail.
        const midlands = Math.floor(pool.size / 10);
        progress(`report: the governance pack for the midlands' ${midlands} concerns, ${pool.size} open`);
        const ms = await timeProcess(
          process.execPath,
          [join(ROOT, 'bin', 'isf.js'), 'report', '--region', 'midlands', '--out', join(dir, 'midlands.html')],
          { ...people, ISF_ACTOR: 'omar.quality' },
        );
        regionalReport = { concerns: midlands, seconds: round(ms / 1000) };
        // A moment ago: every concern opened so far was open then (yesterday none of them was).
        const moment = new Date(Date.now() - 1000).toISOString();
        progress(`register: the national register at ${moment}, ${pool.size} open`);
        const at = await timeProcess(
          process.execPath,
          [join(ROOT, 'bin', 'isf.js'), 'register', '--level', 'national', '--at', moment, '--json'],
          { ...people, ISF_ACTOR: 'nia.national' },
        );
        register = { openConcerns: pool.size, atDateSeconds: round(at / 1000) };
      }
      if (!size.scale.includes(level)) return;
      const samples: number[] = [];
      for (let i = 0; i < size.scaleDecisions; i++) {
        const t = performance.now();
        await pool.decideNext(Math.floor(Math.random() * pool.refs.length));
        samples.push(performance.now() - t);
      }
      const l = latency(samples);
      scale.push({
        openConcerns: pool.size,
        p50Ms: l.p50Ms,
        p99Ms: l.p99Ms,
        workerRssMb: worker.rssMb(),
        baselineWorkerRssMb: baselineWorker.rssMb(),
        baselineWorkflows: baselines.length,
      });
      progress(`scale: ${pool.size} open, p99 ${l.p99Ms} ms, worker ${scale.at(-1)!.workerRssMb} MB`);
    };
    const levels = [...size.scale, size.report].sort((a, b) => a - b).filter((v, i, all) => all.indexOf(v) === i);
    const largest = levels.at(-1)!;
    await atLevel(levels[0]);

    // 2. Opening throughput, in interleaved batches, 16 at a time.
    progress(`opening throughput: ${size.openings} concerns and as many no-op workflows`);
    let oursMs = 0;
    let theirsMs = 0;
    for (let done = 0; done < size.openings; done += 50) {
      const batch = Math.min(50, size.openings - done);
      let t = performance.now();
      await inParallel(batch, 16, () => pool.open());
      oursMs += performance.now() - t;
      t = performance.now();
      await inParallel(batch, 16, startBaseline);
      theirsMs += performance.now() - t;
    }
    const opening = {
      concerns: size.openings,
      oursPerSecond: round(size.openings / (oursMs / 1000), 1),
      baselinePerSecond: round(size.openings / (theirsMs / 1000), 1),
    };

    for (const level of levels.slice(1)) await atLevel(level);

    // 4. The admin script as a fresh process, as people type it (`isf show`, through the ISF
    // service, and `npx isf show`), against the Temporal CLI reading the same workflow.
    progress(`admin script: isf show and isf --help against the Temporal CLI, ${size.cliRuns} runs each`);
    const ref = pool.refs[0];
    const isf = [join(ROOT, 'bin', 'isf.js')];
    const cli = {
      show: [] as number[],
      npxShow: [] as number[],
      query: [] as number[],
      help: [] as number[],
      cliHelp: [] as number[],
    };
    for (let i = 0; i < size.cliRuns; i++) {
      cli.show.push(await timeProcess(process.execPath, [...isf, 'show', ref], people));
      cli.npxShow.push(await timeProcess('npx', ['isf', 'show', ref], people));
      cli.query.push(
        await timeProcess(
          temporalCli(),
          [
            'workflow',
            'query',
            '--workflow-id',
            concernWorkflowId(ref),
            '--name',
            'state',
            '--address',
            address,
            '--namespace',
            'default',
          ],
          env,
        ),
      );
      cli.help.push(await timeProcess(process.execPath, [...isf, '--help'], people));
      cli.cliHelp.push(await timeProcess(temporalCli(), ['--help'], env));
    }

    // 5. History cost, on the time-skipping server.
    progress(`history: a category-2 concern over ${size.years} simulated years`);
    const history = await historyCost(size.years, sink.url);

    const results: Results = {
      mode,
      date: new Date().toISOString(),
      machine: machine(),
      decision: {
        ...decision,
        p50Ratio: ratio(decision.ours.p50Ms, decision.baseline.p50Ms),
        p95Ratio: ratio(decision.ours.p95Ms, decision.baseline.p95Ms),
        p99Ratio: ratio(decision.ours.p99Ms, decision.baseline.p99Ms),
      },
      opening: { ...opening, throughputRatio: ratio(opening.oursPerSecond, opening.baselinePerSecond) },
      scale,
      cli: {
        showMs: round(median(cli.show), 0),
        temporalQueryMs: round(median(cli.query), 0),
        showRatio: ratio(median(cli.show), median(cli.query)),
        npxShowMs: round(median(cli.npxShow), 0),
        npxShowRatio: ratio(median(cli.npxShow), median(cli.query)),
        helpMs: round(median(cli.help), 0),
        temporalHelpMs: round(median(cli.cliHelp), 0),
        helpRatio: ratio(median(cli.help), median(cli.cliHelp)),
      },
      history,
      report: {
        ...report!,
        regionConcerns: regionalReport!.concerns,
        openConcerns: largest,
        regionSeconds: regionalReport!.seconds,
        secondsFor1000With10000Open: round(regionalReport!.seconds * (1000 / regionalReport!.concerns)),
      },
      register: register!,
      bundle: bundleSize(WORKFLOW_BUNDLE),
      perConcern: { heapKiB: perConcernKiB(scale), sandbox: sandboxCost(WORKFLOW_BUNDLE) },
    };
    process.stdout.write(writeResults(results));
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
