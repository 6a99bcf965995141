// What a benchmark run found: bench/results.json for programs, and the results section of
// docs/benchmarks.md (between its markers) for people, each target beside its figure.
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleSize } from './footprint';
import type { HistoryCost } from './history-cost';
import type { Latency } from './stats';
import { ROOT } from './processes';

export interface Results {
  mode: 'full' | 'quick';
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  decision: { ours: Latency; baseline: Latency; p50Ratio: number; p95Ratio: number; p99Ratio: number };
  opening: { concerns: number; oursPerSecond: number; baselinePerSecond: number; throughputRatio: number };
  /** The no-op worker's memory, holding `baselineWorkflows` open no-op workflows, for comparison. */
  scale: {
    openConcerns: number;
    p50Ms: number;
    p99Ms: number;
    workerRssMb: number;
    baselineWorkerRssMb: number;
    baselineWorkflows: number;
  }[];
  cli: {
    showMs: number;
    temporalQueryMs: number;
    showRatio: number;
    npxShowMs: number;
    npxShowRatio: number;
    helpMs: number;
    temporalHelpMs: number;
    helpRatio: number;
  };
  history: HistoryCost;
  report: {
    concerns: number;
    seconds: number;
    secondsFor1000: number;
    /** One region's pack (the midlands, a tenth of the concerns) with `openConcerns` open in all. */
    regionConcerns: number;
    openConcerns: number;
    regionSeconds: number;
    /** Scaled to 1,000 when the region holds fewer (a quick run). */
    secondsFor1000With10000Open: number;
  };
  /** `isf register --level national --at <a moment ago>`, from every concern's audit trail. */
  register: { openConcerns: number; atDateSeconds: number };
  /** The workflow bundle each concern's sandbox evaluates. */
  bundle: BundleSize;
  /** Worker resident memory per open concern (null with a single scale level). */
  /**
   * Worker memory per open concern from the scales, and each concern's own copy of the workflow
   * code as the sandbox evaluates it (bench/sandbox-cost.ts: heap and time per concern).
   */
  perConcern: { heapKiB: number | null; sandbox?: { kiB: number; ms: number } };
}

export function machine(): Results['machine'] {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

interface Target {
  what: string;
  value: (r: Results) => string;
  target: string;
  met: (r: Results) => boolean;
}

const last = (r: Results) => r.scale.at(-1)!;
const first = (r: Results) => r.scale[0];

/** The issue's targets, reported, never asserted by a test. */
const TARGETS: Target[] = [
  {
    what: 'decision p50 / no-op update',
    value: (r) => `${r.decision.p50Ratio}× (${r.decision.ours.p50Ms} / ${r.decision.baseline.p50Ms} ms)`,
    target: '≤ 1.2×',
    met: (r) => r.decision.p50Ratio <= 1.2,
  },
  {
    what: 'decision p99 / no-op update',
    value: (r) => `${r.decision.p99Ratio}× (${r.decision.ours.p99Ms} / ${r.decision.baseline.p99Ms} ms)`,
    target: '≤ 1.5×',
    met: (r) => r.decision.p99Ratio <= 1.5,
  },
  {
    what: 'openings / no-op starts per second',
    value: (r) => `${r.opening.throughputRatio}× (${r.opening.oursPerSecond} / ${r.opening.baselinePerSecond})`,
    target: '≥ 0.7×',
    met: (r) => r.opening.throughputRatio >= 0.7,
  },
  {
    what: 'worker memory at the largest scale',
    value: (r) => `${last(r).workerRssMb} MB at ${last(r).openConcerns}`,
    target: '≤ 1024 MB at 10,000',
    met: (r) => last(r).workerRssMb <= 1024,
  },
  {
    what: 'worker memory per open concern',
    value: (r) =>
      r.perConcern.heapKiB === null
        ? 'n/a'
        : `${r.perConcern.heapKiB} KiB (bundle ${r.bundle.kiB} KiB, ${r.bundle.codeKiB} KiB without its source map)`,
    target: '(reported)',
    met: () => true,
  },
  {
    what: "each concern's own workflow code in the sandbox",
    value: (r) => (r.perConcern.sandbox ? `${r.perConcern.sandbox.kiB} KiB, ${r.perConcern.sandbox.ms} ms` : 'n/a'),
    target: '(reported)',
    met: () => true,
  },
  {
    what: 'p99 at the largest scale / at the smallest',
    value: (r) => `${(last(r).p99Ms / first(r).p99Ms).toFixed(2)}× (${last(r).p99Ms} / ${first(r).p99Ms} ms)`,
    target: '≤ 2×',
    met: (r) => last(r).p99Ms <= 2 * first(r).p99Ms,
  },
  {
    what: '`isf show` / `temporal workflow query`',
    value: (r) => `${r.cli.showRatio}× (${r.cli.showMs} / ${r.cli.temporalQueryMs} ms)`,
    target: '≤ 2×',
    met: (r) => r.cli.showRatio <= 2,
  },
  {
    what: '`npx isf show` / `temporal workflow query`',
    value: (r) => `${r.cli.npxShowRatio}× (${r.cli.npxShowMs} / ${r.cli.temporalQueryMs} ms)`,
    target: '(reported)',
    met: () => true,
  },
  {
    what: '`isf --help` / `temporal --help`',
    value: (r) => `${r.cli.helpRatio}× (${r.cli.helpMs} / ${r.cli.temporalHelpMs} ms)`,
    target: '(reported)',
    met: () => true,
  },
  {
    what: 'history events per concern-year',
    value: (r) =>
      `${r.history.eventsPerConcernYear} (${r.history.events} events, ${r.history.runs} run(s), ${r.history.years} years)`,
    target: '≤ 400',
    met: (r) => r.history.eventsPerConcernYear <= 400,
  },
  {
    what: 'governance pack, 1,000 concerns of one region among all open',
    value: (r) =>
      `${r.report.secondsFor1000With10000Open} s${r.report.regionConcerns === 1000 ? '' : ` (scaled from ${r.report.regionSeconds} s for ${r.report.regionConcerns})`} with ${r.report.openConcerns} open`,
    target: '< 10 s with 10,000 open',
    met: (r) => r.report.secondsFor1000With10000Open < 10,
  },
  {
    what: 'national register at a past date',
    value: (r) => `${r.register.atDateSeconds} s with ${r.register.openConcerns} open`,
    target: '(reported)',
    met: () => true,
  },
  {
    what: 'governance pack, 1,000 concerns',
    value: (r) =>
      `${r.report.secondsFor1000} s${r.report.concerns === 1000 ? '' : ` (scaled from ${r.report.seconds} s for ${r.report.concerns})`}`,
    target: '< 10 s',
    met: (r) => r.report.secondsFor1000 < 10,
  },
];

export function markdown(r: Results): string {
  const rows = TARGETS.map((t) => `| ${t.what} | ${t.value(r)} | ${t.target} | ${t.met(r) ? 'yes' : '**no**'} |`);
  const scale = r.scale.map(
    (s) =>
      `| ${s.openConcerns} | ${s.p50Ms} | ${s.p99Ms} | ${s.workerRssMb} | ${s.baselineWorkerRssMb} (${s.baselineWorkflows}) |`,
  );
  return [
    `Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC (${r.mode}), ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GiB, Node ${r.machine.node}, ${r.machine.platform}.`,
    '',
    '| Measure | Result | Target | Met |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Decision latency over ${r.decision.ours.count} decisions (ms): concern p50 ${r.decision.ours.p50Ms}, p95 ${r.decision.ours.p95Ms}, p99 ${r.decision.ours.p99Ms}; no-op p50 ${r.decision.baseline.p50Ms}, p95 ${r.decision.baseline.p95Ms}, p99 ${r.decision.baseline.p99Ms}.`,
    '',
    '| Open concerns | p50 ms | p99 ms | Worker RSS MB | No-op worker RSS MB (its open workflows) |',
    '| --- | --- | --- | --- | --- |',
    ...scale,
  ].join('\n');
}

const START = '<!-- results:start (written by npm run bench) -->';
const END = '<!-- results:end -->';

/** Writes bench/results.json and the results section of docs/benchmarks.md; returns the section. */
export function writeResults(r: Results): string {
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(r, null, 2)}\n`);
  const file = join(ROOT, 'docs', 'benchmarks.md');
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  const section = markdown(r);
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const at = doc.indexOf(START);
  const end = doc.indexOf(END);
  const next =
    at >= 0 && end > at
      ? `${doc.slice(0, at + START.length)}\n${section}\n${doc.slice(end)}`
      : `${doc}\n${START}\n${section}\n${END}\n`;
  writeFileSync(file, next);
  return `${section}\n`;
}
