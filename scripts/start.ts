// `npm start`: the whole system for one person, in the foreground. Starts the Temporal dev server
// (SQLite under ISF_DATA_DIR, Web UI), a local SMTP server with a web inbox (unless SMTP_URL is
// set) and the worker; prints where to look; stops everything in order on Ctrl-C, or when whoever
// started it goes away. One per ISF_DATA_DIR: a lock file there names it and its children, so a
// second start refuses, and a start after one that was killed stops what it left running first.
import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { makePrivateDir } from '../ops/private-files';
import { join } from 'node:path';
import { configPath, loadConfig } from '../config/load';
import { codecKeySource, defaultKeyFile, environment, serviceEnvironment, startPorts } from '../config/env';
import { requireCodecKeys, rotateKeyFile } from '../codec/keys';
import { dataConverter } from '../codec/data-converter';
import { codecServerCodec, startCodecServer } from '../codec/server';
import { randomBytes } from 'node:crypto';
import { temporalCli } from '../ops/binaries';
import { temporalTarget } from '../config/connection';
import { prepareNamespace } from '../ops/namespace';
import { DIGEST_SCHEDULE_PREFIX, applyDigestSchedules } from '../ops/schedules';
import { hostPort, isLocal, listening, temporalAnswers, waitUntil } from '../ops/wait';
import { TASK_QUEUE } from '../workflows/names';
import { StartLockedError, startedBy, stillRunning, takeStartLock, type StartLock } from '../ops/start-lock';

const env = environment();
const service = serviceEnvironment();
const target = temporalTarget();
const { ui: uiPort, smtp: smtpPort, inbox: inboxPort, codec: codecPort } = startPorts();

interface Service {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Set while a failed start may be retried: an exit then is the starter's to report, not a reason to stop. */
  starting?: boolean;
}

const services: Service[] = [];
let stopping = false;
let stopCodec: () => Promise<void> = () => Promise.resolve();
let lock: StartLock | undefined;

function progress(message: string): void {
  process.stderr.write(`isf: ${message}\n`);
}

/** Children run in their own process group, so that Ctrl-C reaches only us and we stop them in order. */
function launch(
  name: string,
  command: string,
  args: string[],
  options: { log?: string; env?: NodeJS.ProcessEnv } = {},
): Service {
  const out = options.log ? openSync(options.log, 'a') : 'inherit';
  const child = spawn(command, args, {
    stdio: ['ignore', out, out],
    env: { ...process.env, ...options.env },
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const service: Service = { name, child, exited };
  services.push(service);
  if (child.pid !== undefined) lock?.add(name, child.pid);
  void exited.then((code) => {
    if (!stopping && !service.starting) {
      progress(`${name} stopped unexpectedly (exit ${code}); stopping the rest`);
      if (options.log) progress(`last lines of ${options.log}:\n${lastLines(options.log, 20)}`);
      void stop(1);
    }
  });
  return service;
}

/** The end of a service's log, so that the reason it died is on the terminal, not only in a file. */
function lastLines(file: string, count: number): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return text
    .trimEnd()
    .split('\n')
    .slice(-count)
    .map((line) => `  ${line}`)
    .join('\n');
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The worker first, so that in-flight notifications finish while Temporal is still there.
  for (const service of [...services].reverse()) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) continue;
    progress(`stopping ${service.name}…`);
    service.child.kill('SIGTERM');
    const timer = setTimeout(() => service.child.kill('SIGKILL'), 30_000);
    await service.exited;
    clearTimeout(timer);
  }
  await stopCodec();
  lock?.release();
  process.exit(code);
}

/** Ready means what `isf health` means: a worker polls the concern task queue. */
async function workerPolls(): Promise<boolean> {
  const connection = await Connection.connect(target.client);
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: env.namespace,
      taskQueue: { name: TASK_QUEUE },
      taskQueueType: 2, // activity pollers start last
    });
    return (pollers?.length ?? 0) > 0;
  } finally {
    await connection.close();
  }
}

/** Encryption at rest: a key file under ISF_DATA_DIR on first run (unless keys are given), and a codec server for the UI. */
async function startCodec(): Promise<string> {
  const source = codecKeySource();
  if (!source.inline && !source.named && !existsSync(defaultKeyFile())) {
    const id = rotateKeyFile(defaultKeyFile());
    progress(
      `generated payload encryption key ${id} in ${defaultKeyFile()} (keep it: without it the concerns cannot be read)`,
    );
  }
  const keys = requireCodecKeys();
  const origins = [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`];
  const server = await startCodecServer({
    codec: codecServerCodec(keys),
    token: randomBytes(24).toString('hex'),
    allowedOrigins: origins,
    port: codecPort,
  });
  stopCodec = () => server.close();
  writeFileSync(join(env.dataDir, 'codec-endpoint'), `${server.endpoint}\n`, { mode: 0o600 });
  return server.endpoint;
}

async function startTemporal(codecEndpoint: string): Promise<string | null> {
  const { host, port } = hostPort(env.temporalAddress);
  if (await listening(host, port)) {
    progress(`using the Temporal server already listening at ${env.temporalAddress}`);
    return null;
  }
  if (!isLocal(host))
    throw new Error(
      `nothing answers at TEMPORAL_ADDRESS=${env.temporalAddress}, and it is not local, so no dev server is started there`,
    );
  const db = join(env.dataDir, 'temporal.db');
  const log = join(env.dataDir, 'temporal.log');
  progress(`starting the Temporal dev server (database ${db}, log ${log})…`);
  const args = [
    'server',
    'start-dev',
    '--ip',
    host,
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--db-filename',
    db,
    '--namespace',
    env.namespace,
    '--log-level',
    'warn',
    '--ui-codec-endpoint',
    codecEndpoint,
    '--ui-disable-news-fetch',
  ];
  // The dev server picks some of its internal ports at random and can lose a race for one; a second
  // start then succeeds. A failure that repeats is reported with the end of its log.
  for (let attempt = 1; ; attempt++) {
    const server = launch('Temporal dev server', temporalCli(), args, { log });
    server.starting = attempt === 1;
    try {
      await waitUntil('the Temporal dev server', async () => {
        if (server.child.exitCode !== null)
          throw new Error(`the Temporal dev server exited during startup (exit ${server.child.exitCode})`);
        return temporalAnswers({ ...target.client, address: env.temporalAddress });
      });
      server.starting = false;
      break;
    } catch (err) {
      if (!server.starting || server.child.exitCode === null) throw err;
      progress(`${(err as Error).message}; last lines of ${log}:\n${lastLines(log, 20)}\nisf: starting it once more…`);
      services.splice(services.indexOf(server), 1);
    }
  }
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${uiPort}/namespaces/${env.namespace}/workflows`;
}

async function startInbox(): Promise<string | null> {
  if (env.smtpUrl) {
    progress(`mail goes to SMTP_URL (${env.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')})`);
    return null;
  }
  const dir = join(env.dataDir, 'mail');
  makePrivateDir(dir);
  progress('starting the local mail inbox…');
  launch(
    'mail inbox',
    process.execPath,
    [
      require.resolve('maildev/bin/maildev'),
      '--smtp',
      String(smtpPort),
      '--web',
      String(inboxPort),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--mail-directory',
      dir,
      '--silent',
    ],
    { log: join(env.dataDir, 'mail.log') },
  );
  await waitUntil('the mail inbox', () => listening('127.0.0.1', smtpPort));
  await waitUntil('the mail inbox web page', () => listening('127.0.0.1', inboxPort));
  return `http://127.0.0.1:${inboxPort}`;
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Everything under ISF_DATA_DIR holds concern data (the database, the mail store, logs): files
  // this process and its children create are for the user alone (600, folders 700).
  process.umask(0o077);
  makePrivateDir(env.dataDir);
  lock = await takeStartLock(env.dataDir, progress);
  stopWithParent();
  const config = configPath();
  const loaded = loadConfig(config); // fail now, with the file and field named, rather than in the worker

  const codec = await startCodec();
  const ui = await startTemporal(codec);
  const connection = await Connection.connect(target.client);
  const added = await prepareNamespace(connection, env.namespace);
  if (added.length) progress(`registered search attributes ${added.join(', ')}`);
  await connection.close();

  const inbox = await startInbox();
  const smtpUrl = env.smtpUrl ?? `smtp://127.0.0.1:${smtpPort}`;
  progress('starting the worker…');
  launch('worker', process.execPath, [join(__dirname, '..', 'worker', 'index.js')], { env: { SMTP_URL: smtpUrl } });
  await waitUntil('the worker', () => workerPolls(), 120_000);
  progress('starting the ISF service…');
  launch('ISF service', process.execPath, [join(__dirname, '..', 'service', 'main.js')], {
    log: join(env.dataDir, 'service.log'),
  });
  await waitUntil('the ISF service', () => listening(service.host, service.port), 60_000);
  const scheduling = await Connection.connect(target.client);
  const applied = await applyDigestSchedules(
    new Client({ connection: scheduling, namespace: env.namespace, dataConverter: dataConverter() }),
    Object.keys(loaded.regions),
  );
  await scheduling.close();
  const regional = [...applied.created, ...applied.updated]
    .filter((id) => id.startsWith(DIGEST_SCHEDULE_PREFIX))
    .map((id) => id.replace(DIGEST_SCHEDULE_PREFIX, ''));
  progress(`weekly digests scheduled for ${regional.join(', ') || 'no region'} and nationally (Mondays 08:00, London)`);

  const lines = [
    ['Temporal UI', ui ?? '(the server at TEMPORAL_ADDRESS has its own UI)'],
    ['Mail inbox', inbox ?? `(mail goes to SMTP_URL)`],
    [
      'ISF service',
      `${service.tls ? 'https' : 'http'}://${service.host}:${service.port} (isf talks to it; ISF_SERVICE_URL)`,
    ],
    ['Temporal', `${env.temporalAddress} (namespace ${env.namespace})`],
    [
      'Metrics',
      env.metrics
        ? `http://${env.metrics.host}:${env.metrics.port}/metrics (the worker's, for Prometheus)`
        : 'off (ISF_METRICS_PORT=off)',
    ],
    ...(service.metrics
      ? [['', `http://${service.metrics.host}:${service.metrics.port}/metrics (the service's)`]]
      : []),
    [
      'Payloads',
      `encrypted; codec server for the UI and \`temporal --codec-endpoint\` in ${join(env.dataDir, 'codec-endpoint')}`,
    ],
    ['Data', env.dataDir],
    ['Configuration', config],
  ];
  process.stdout.write(
    [
      '',
      'ISF concerns are running.',
      ...lines.map(([k, v]) => `  ${k.padEnd(14)}${v}`),
      '',
      'Try: isf health    Stop: Ctrl-C',
      '',
    ].join('\n'),
  );
}

/**
 * Whoever started us (npm, a shell, a terminal) killed outright cannot pass Ctrl-C on: when our
 * parent, or npm that ran us through a shell, is gone, stop everything in order, as Ctrl-C would.
 */
function stopWithParent(): void {
  const watched = startedBy();
  setInterval(() => {
    const gone = watched.find((p) => !stillRunning(p));
    if (gone && !stopping) {
      progress(`what started npm start (pid ${gone.pid}) went away; stopping`);
      void stop(1);
    }
  }, 1000).unref();
}

main().catch((err: unknown) => {
  progress(err instanceof Error ? err.message : String(err));
  if (err instanceof StartLockedError) process.exit(1);
  void stop(1);
});
