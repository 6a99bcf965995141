// The parts the benchmark runs: a dev server (unless TEMPORAL_ADDRESS names one), an SMTP sink
// that accepts and counts, and worker processes whose memory it reads.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { temporalCli } from '../ops/binaries';
import { freePort, listening, waitUntil } from '../ops/wait';

export const ROOT = join(__dirname, '..', '..');

export interface Running {
  child: ChildProcess;
  stop(): Promise<void>;
}

function running(child: ChildProcess): Running {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startDevServer(dbFile: string): Promise<{ address: string } & Running> {
  const port = await freePort();
  const child = spawn(
    temporalCli(),
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--db-filename',
      dbFile,
      '--headless',
      '--log-level',
      'error',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await waitUntil('the dev server', () => listening('127.0.0.1', port));
  return { address: `127.0.0.1:${port}`, ...running(child) };
}

/** Accepts every message without reading more than it must, and counts them. */
export interface Sink {
  url: string;
  received: () => number;
  /** Resolves once no message has arrived for two seconds: the worker has caught up. */
  settled: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startSink(): Promise<Sink> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const settled = async () => {
    for (let last = -1; last !== received;) {
      last = received;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    settled,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A worker process (or the ISF service), ready once it says it polls (or listens). */
export async function startWorker(script: string, env: NodeJS.ProcessEnv): Promise<Running & { rssMb: () => number }> {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, ISF_METRICS_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => (output += d.toString());
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  await waitUntil(`the worker ${script}`, () => {
    if (child.exitCode !== null) throw new Error(`${script} exited:\n${output}`);
    return Promise.resolve(/"message":"(polling|listening)"/.test(output));
  });
  // Keep draining the pipes (a full pipe would stall the worker) without keeping what they say.
  child.stdout.off('data', collect).resume();
  child.stderr.off('data', collect).resume();
  return {
    ...running(child),
    /** Resident memory, from the kernel: what the machine pays for the process. */
    rssMb() {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN);
      return Math.round(kb / 1024);
    },
  };
}

/** Wall time of a fresh process, in milliseconds. */
export function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err.trim()}`));
    });
  });
}
