// Real processes for the fault tests: a Temporal dev server on a database file that outlives it,
// and worker processes that can be killed. The test process plays the admin clients and the mail
// server (tests/support/inbox.ts), so that it can take either away.
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcernClient } from '../../client/concerns';
import { dataConverter } from '../../codec/data-converter';
import { openReadModel } from '../../reads/open';
import { temporalCli } from '../../ops/binaries';
import { prepareNamespace } from '../../ops/namespace';
import { listening, temporalAnswers, waitUntil } from '../../ops/wait';
import { TestInbox, type InboxOptions } from './inbox';
import { ServerProcess } from './server-process';
import { ROOT, freePort } from './processes';

/** `temporal server start-dev` on a SQLite file: stop it and start it again, and nothing is lost. */
export class DevServer extends ServerProcess {
  private constructor(
    readonly port: number,
    readonly dbFile: string,
  ) {
    super();
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(dbFile: string): Promise<DevServer> {
    const server = new DevServer(await freePort(), dbFile);
    await server.start();
    const connection = await Connection.connect({ address: server.address });
    await prepareNamespace(connection, 'default');
    await connection.close();
    return server;
  }

  async start(): Promise<void> {
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--db-filename',
      this.dbFile,
      '--headless',
      '--log-level',
      'error',
    ];
    await this.launch(
      `the dev server on ${this.address}`,
      temporalCli(),
      args,
      async () => (await listening('127.0.0.1', this.port)) && temporalAnswers({ address: this.address }),
    );
  }
}

/** The environment a worker and the admin script share: the server, the codec keys, the configuration. */
export interface Deployment {
  temporalAddress: string;
  smtpUrl: string;
  configFile: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A configuration file extending the example, with `policy` overrides (durations in seconds make
 * clocks fall due during a test), and a fresh codec key: payloads are encrypted as deployed.
 */
export function deployment(
  dir: string,
  temporalAddress: string,
  smtpUrl: string,
  policy: Record<string, unknown> = {},
  overlay: Record<string, unknown> = {},
  example = join(ROOT, 'config', 'isf.example.yaml'),
): Deployment {
  const configFile = join(dir, 'isf.yaml');
  const more = Object.entries(overlay)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}\n`)
    .join('');
  writeFileSync(configFile, `extends: ${JSON.stringify(example)}\npolicy: ${JSON.stringify(policy)}\n${more}`);
  const keys = JSON.stringify({ current: 'fault-1', keys: { 'fault-1': randomBytes(32).toString('base64') } });
  return {
    temporalAddress,
    smtpUrl,
    configFile,
    dataDir: dir,
    env: {
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      ISF_CONFIG: configFile,
      ISF_DATA_DIR: dir,
      ISF_CODEC_KEYS: keys,
      SMTP_URL: smtpUrl,
    },
  };
}

/** An admin client of the deployment, as `isf` builds it: same codec, own connection. */
export async function adminClient(
  d: Deployment,
): Promise<{ concerns: ConcernClient; client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: d.temporalAddress });
  const converter = dataConverter(d.env);
  const client = new Client({ connection, namespace: 'default', dataConverter: converter });
  // The deployment's read model, as the service records what a decision returns.
  const readModel = await openReadModel(converter, d.env);
  return {
    concerns: new ConcernClient(client, undefined, { readModel }),
    client,
    close: async () => {
      await readModel.close();
      await connection.close();
    },
  };
}

/** `npm run worker` (or `npm run service`) as a child process, to be stopped politely or killed. */
export class WorkerProcess {
  private output = '';
  private logged = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => {
      this.output += d.toString();
      this.logged += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(
    d: Deployment,
    extraEnv: NodeJS.ProcessEnv = {},
    what: 'worker' | 'service' = 'worker',
  ): Promise<WorkerProcess> {
    const entry = what === 'worker' ? ['worker', 'index.js'] : ['service', 'main.js'];
    const worker = new WorkerProcess(
      spawn(process.execPath, [join(ROOT, 'dist', ...entry)], {
        cwd: ROOT,
        // Several workers share this machine: metrics only where a test asks for them.
        env: { ...process.env, ISF_METRICS_PORT: 'off', ISF_SERVICE_METRICS_PORT: 'off', ...d.env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const ready = what === 'worker' ? '"message":"polling"' : '"message":"listening"';
    await waitUntil(`the ${what} to start`, () => {
      if (worker.child.exitCode !== null)
        throw new Error(`the ${what} exited (${worker.child.exitCode}):\n${worker.output}`);
      return Promise.resolve(worker.output.includes(ready));
    });
    return worker;
  }

  get log(): string {
    return this.output;
  }

  /** What it wrote to stdout alone: its JSON log lines. */
  get stdout(): string {
    return this.logged;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Stops it if it still runs (test clean-up). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** A Temporal server the test can stop and start again: the dev server, or Temporal Server on PostgreSQL. */
export interface TemporalProcess {
  readonly address: string;
  /** What the deployment's processes need beside the address (the read model beside Temporal's database). */
  readonly env?: NodeJS.ProcessEnv;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it for good, with whatever it runs on. */
  teardown?(): Promise<void>;
}

/** A Temporal server (by default the dev server on a database file in a folder of its own), a mail server, and worker processes. */
export interface Cluster<S extends TemporalProcess = DevServer> {
  server: S;
  inbox: TestInbox;
  deployment: Deployment;
  /** The workers started and not yet stopped. */
  workers: WorkerProcess[];
  startWorker(env?: NodeJS.ProcessEnv): Promise<WorkerProcess>;
  /** The ISF service on a port of its own; `env` is what `isf` needs to reach it. */
  startService(): Promise<{ process: WorkerProcess; url: string; env: NodeJS.ProcessEnv }>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  policy?: Record<string, unknown>;
  inbox?: InboxOptions;
  /** Sections laid over the example configuration. */
  config?: Record<string, unknown>;
  /** The configuration file the deployment's extends (the example's by default). */
  base?: string;
}

/** The dev server on a database file of its own, or another Temporal server started in the cluster's folder. */
export async function startCluster(name: string, options?: ClusterOptions): Promise<Cluster>;
export async function startCluster<S extends TemporalProcess>(
  name: string,
  options: ClusterOptions & { server: (dir: string) => Promise<S> },
): Promise<Cluster<S>>;
export async function startCluster<S extends TemporalProcess>(
  name: string,
  options: ClusterOptions & { server?: (dir: string) => Promise<S> } = {},
): Promise<Cluster<S>> {
  const dir = mkdtempSync(join(tmpdir(), `isf-${name}-`));
  const inbox = await TestInbox.start(options.inbox);
  // Without a server of its own, S is the default: the dev server.
  const server = (options.server ? await options.server(dir) : await DevServer.start(join(dir, 'temporal.db'))) as S;
  const d = deployment(dir, server.address, inbox.url, options.policy, options.config, options.base);
  Object.assign(d.env, server.env);
  const workers: WorkerProcess[] = [];
  return {
    server,
    inbox,
    deployment: d,
    workers,
    async startWorker(env: NodeJS.ProcessEnv = {}) {
      const worker = await WorkerProcess.start(d, env);
      workers.push(worker);
      return worker;
    },
    async startService() {
      const port = await freePort();
      const service = await WorkerProcess.start(d, { ISF_SERVICE_PORT: String(port) }, 'service');
      workers.push(service);
      const url = `http://127.0.0.1:${port}`;
      return { process: service, url, env: { ISF_SERVICE_URL: url } };
    },
    async stop() {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await (server.teardown ? server.teardown() : server.stop());
      await inbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
