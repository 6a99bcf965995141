// Every environment variable the system reads, with its default, in one place: declared in
// ENVIRONMENT (the README's table is checked against it) and read only here. Light on purpose:
// the admin script loads it on every run, so Temporal's connection settings are loaded only when
// asked for.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../observability/log-levels';
import { ConfigError } from './errors';
import { EXAMPLE_CONFIG, PROJECT_ROOT } from './paths';
import {
  DEFAULT_CODEC_PORT,
  DEFAULT_INBOX_PORT,
  DEFAULT_METRICS_PORT,
  DEFAULT_SERVICE_METRICS_PORT,
  DEFAULT_SERVICE_PORT,
  DEFAULT_SERVICE_URL,
  DEFAULT_SMTP_PORT,
  DEFAULT_TEMPORAL_ADDRESS,
  DEFAULT_UI_PORT,
} from './defaults';

export * from './defaults';
export const DEFAULT_LOG_LEVEL: LogLevel = 'INFO';

/**
 * The variables, by name: what each is for and its default. (Temporal's own connection variables,
 * TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE and TEMPORAL_CONFIG_FILE, are read by
 * @temporalio/envconfig through temporalTarget below.)
 */
export const ENVIRONMENT = {
  TEMPORAL_ADDRESS: { default: DEFAULT_TEMPORAL_ADDRESS, about: 'Temporal frontend' },
  TEMPORAL_NAMESPACE: { default: 'default', about: 'Temporal namespace' },
  SMTP_URL: { default: 'local inbox', about: 'where mail goes' },
  ISF_CONFIG: { default: 'config/isf.example.yaml', about: 'the configuration file' },
  ISF_DATA_DIR: { default: './.data', about: "npm start's data: dev server database, payload keys, inbox, logs" },
  ISF_ACTOR: { default: '', about: 'who is deciding, for isf' },
  ISF_UI_PORT: { default: String(DEFAULT_UI_PORT), about: "the Temporal UI's port under npm start" },
  ISF_MAIL_SMTP_PORT: { default: String(DEFAULT_SMTP_PORT), about: "the local inbox's SMTP port under npm start" },
  ISF_MAIL_WEB_PORT: { default: String(DEFAULT_INBOX_PORT), about: "the local inbox's web page under npm start" },
  ISF_TIMEOUT_SECONDS: { default: '30', about: 'how long isf and the service wait for the worker' },
  ISF_SERVICE_URL: { default: DEFAULT_SERVICE_URL, about: 'where isf finds the ISF service' },
  ISF_SERVICE_HOST: { default: '127.0.0.1', about: 'where the service listens' },
  ISF_SERVICE_PORT: { default: String(DEFAULT_SERVICE_PORT), about: 'where the service listens' },
  ISF_SERVICE_TLS_CERT: { default: '', about: 'PEM certificate: the service serves HTTPS' },
  ISF_SERVICE_TLS_KEY: { default: '', about: 'PEM key: the service serves HTTPS' },
  ISF_SERVICE_METRICS_PORT: {
    default: String(DEFAULT_SERVICE_METRICS_PORT),
    about: "the service's Prometheus endpoint; off turns it off",
  },
  ISF_KEYS_DIR: { default: '~/.config/isf/keys', about: 'your private signing key' },
  ISF_CODEC_KEYS: { default: '', about: 'payload encryption keys (JSON)' },
  ISF_CODEC_KEY_FILE: { default: 'ISF_DATA_DIR/codec-keys.json', about: 'payload encryption keys (file)' },
  ISF_CODEC_PORT: { default: String(DEFAULT_CODEC_PORT), about: "the codec server's port" },
  ISF_CODEC_HOST: { default: '127.0.0.1', about: 'where the codec server listens' },
  ISF_CODEC_TOKEN: { default: '', about: "the codec server's token (npm run codec-server)" },
  ISF_CODEC_ALLOWED_ORIGINS: { default: '', about: 'origins the codec server answers (npm run codec-server)' },
  ISF_READ_MODEL: {
    default: 'ISF_DATA_DIR/read-model.sqlite',
    about: 'the read model: a postgres:// URL, or a SQLite file',
  },
  ISF_WORKFLOW_CACHE: { default: '250', about: 'concerns a worker keeps in memory' },
  ISF_LOG_LEVEL: { default: 'info', about: "the worker's log level" },
  ISF_METRICS_PORT: {
    default: String(DEFAULT_METRICS_PORT),
    about: "the worker's Prometheus endpoint; off turns it off",
  },
  ISF_METRICS_HOST: { default: '127.0.0.1', about: 'where the worker and the service serve metrics' },
  TEMPORAL_CLI_PATH: { default: 'on PATH, else ./.temporal', about: 'the Temporal CLI' },
  TEMPORAL_TEST_SERVER_PATH: { default: 'on PATH, else ./.temporal', about: 'the time-skipping test server' },
  // Read by scripts/install-temporal.mjs, which npm install runs before anything is built.
  ISF_SKIP_TEMPORAL_INSTALL: { default: '', about: 'npm install: do not fetch the Temporal CLI and test server' },
} as const satisfies Record<string, { default: string; about: string }>;
export type EnvName = keyof typeof ENVIRONMENT;

/** A variable's value, or undefined when it is unset or empty (empty means "use the default"). */
export function envValue(name: EnvName | 'PATH', env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

// --- Reaching Temporal ---------------------------------------------------------------------------

/** How to reach Temporal (config/connection.ts): loaded only by those that talk to it. */
export function temporalTargetOf(env: NodeJS.ProcessEnv = process.env): import('./connection').TemporalTarget {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./connection') as typeof import('./connection')).temporalTarget(env);
}

export interface Environment {
  temporalAddress: string;
  namespace: string;
  /** Where mail goes; unset means the local inbox that `npm start` runs. */
  smtpUrl: string | undefined;
  dataDir: string;
  /** ISF_WORKFLOW_CACHE: concerns a worker keeps in memory (default in worker/create.ts). */
  workflowCache: number | undefined;
  /** ISF_LOG_LEVEL: the worker's log level. */
  logLevel: LogLevel;
  /** ISF_METRICS_HOST and ISF_METRICS_PORT: where the worker serves Prometheus metrics; null when ISF_METRICS_PORT=off. */
  metrics: { host: string; port: number } | null;
  /** ISF_TIMEOUT_SECONDS: how long a request waits for the worker (default 30 s). */
  timeoutMs: number | undefined;
}

/** What the worker, the service and the scripts that talk to Temporal read. */
export function environment(env: NodeJS.ProcessEnv = process.env): Environment {
  const target = temporalTargetOf(env);
  return {
    temporalAddress: target.address,
    namespace: target.namespace,
    smtpUrl: envValue('SMTP_URL', env),
    dataDir: dataDirOf(env),
    workflowCache: positiveInteger(env, 'ISF_WORKFLOW_CACHE'),
    logLevel: logLevel(env),
    metrics: metrics(env),
    timeoutMs: timeoutMsOf(env),
  };
}

/** The worker sends to SMTP_URL, or to the local inbox's SMTP port. */
export function smtpUrlOf(env: Environment): string {
  return env.smtpUrl ?? `smtp://127.0.0.1:${DEFAULT_SMTP_PORT}`;
}

// --- Files ---------------------------------------------------------------------------------------

/** ISF_DATA_DIR as an absolute path: a relative one is taken from the project, not the current directory. */
export function dataDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, envValue('ISF_DATA_DIR', env) ?? '.data');
}

/** Where the read model is: a PostgreSQL URL, or a SQLite file (by default in ISF_DATA_DIR). */
export function readModelOf(
  env: NodeJS.ProcessEnv = process.env,
): { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string } {
  const value = envValue('ISF_READ_MODEL', env);
  if (value && /^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  return { kind: 'sqlite', file: value ? resolve(PROJECT_ROOT, value) : join(dataDirOf(env), 'read-model.sqlite') };
}

/** ISF_CONFIG, else the example configuration. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return envValue('ISF_CONFIG', env) ?? EXAMPLE_CONFIG;
}

/** Where a person's private signing keys are. */
export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return envValue('ISF_KEYS_DIR', env) ?? join(homedir(), '.config', 'isf', 'keys');
}

/** The key file `npm start` makes on first run: ISF_DATA_DIR/codec-keys.json. */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirOf(env), 'codec-keys.json');
}

/** Where the payload keys come from: given inline (ISF_CODEC_KEYS), or a file named (ISF_CODEC_KEY_FILE) or by default. */
export function codecKeySource(env: NodeJS.ProcessEnv = process.env): {
  inline: string | undefined;
  file: string;
  named: boolean;
} {
  const named = envValue('ISF_CODEC_KEY_FILE', env);
  return { inline: envValue('ISF_CODEC_KEYS', env), file: named ?? defaultKeyFile(env), named: named !== undefined };
}

/** A Temporal program named in the environment (TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH), and the folders of PATH. */
export function programPath(
  variable: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH',
  env: NodeJS.ProcessEnv = process.env,
): { named: string | undefined; path: string } {
  return { named: envValue(variable, env), path: envValue('PATH', env) ?? '' };
}

// --- The admin script ----------------------------------------------------------------------------

/** Who decides when --as is not given. */
export function actorOf(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return envValue('ISF_ACTOR', env);
}

/** ISF_SERVICE_URL, else the local service `npm start` runs. */
export function serviceUrl(env: NodeJS.ProcessEnv = process.env): string {
  return envValue('ISF_SERVICE_URL', env) ?? DEFAULT_SERVICE_URL;
}

/** ISF_TIMEOUT_SECONDS as milliseconds, when set. */
export function timeoutMsOf(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const seconds = positiveInteger(env, 'ISF_TIMEOUT_SECONDS');
  return seconds === undefined ? undefined : seconds * 1000;
}

// --- Servers -------------------------------------------------------------------------------------

/** Where the ISF service listens, how, and where it serves its metrics. */
export interface ServiceEnvironment {
  host: string;
  port: number;
  /** HTTPS when both are set: ISF_SERVICE_TLS_CERT and ISF_SERVICE_TLS_KEY, PEM files. */
  tls: { cert: string; key: string } | null;
  metrics: { host: string; port: number } | null;
}

export function serviceEnvironment(env: NodeJS.ProcessEnv = process.env): ServiceEnvironment {
  const cert = envValue('ISF_SERVICE_TLS_CERT', env);
  const key = envValue('ISF_SERVICE_TLS_KEY', env);
  if (Boolean(cert) !== Boolean(key))
    throw new ConfigError('ISF_SERVICE_TLS_CERT and ISF_SERVICE_TLS_KEY: give both (HTTPS) or neither (HTTP)');
  return {
    host: envValue('ISF_SERVICE_HOST', env) ?? '127.0.0.1',
    port: portOf(env, 'ISF_SERVICE_PORT', DEFAULT_SERVICE_PORT),
    tls: cert && key ? { cert, key } : null,
    metrics:
      envValue('ISF_SERVICE_METRICS_PORT', env) === 'off'
        ? null
        : {
            host: envValue('ISF_METRICS_HOST', env) ?? '127.0.0.1',
            port: portOf(env, 'ISF_SERVICE_METRICS_PORT', DEFAULT_SERVICE_METRICS_PORT),
          },
  };
}

/** The codec server's (npm run codec-server): its token, the origins it answers, where it listens. */
export function codecServerEnvironment(env: NodeJS.ProcessEnv = process.env): {
  token: string | undefined;
  origins: string[];
  host: string;
  port: number;
} {
  return {
    token: envValue('ISF_CODEC_TOKEN', env),
    origins: (envValue('ISF_CODEC_ALLOWED_ORIGINS', env) ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    host: envValue('ISF_CODEC_HOST', env) ?? '127.0.0.1',
    port: portOf(env, 'ISF_CODEC_PORT', DEFAULT_CODEC_PORT),
  };
}

/** The ports `npm start` runs its servers on. */
export function startPorts(env: NodeJS.ProcessEnv = process.env): {
  ui: number;
  smtp: number;
  inbox: number;
  codec: number;
} {
  return {
    ui: portOf(env, 'ISF_UI_PORT', DEFAULT_UI_PORT),
    smtp: portOf(env, 'ISF_MAIL_SMTP_PORT', DEFAULT_SMTP_PORT),
    inbox: portOf(env, 'ISF_MAIL_WEB_PORT', DEFAULT_INBOX_PORT),
    codec: portOf(env, 'ISF_CODEC_PORT', DEFAULT_CODEC_PORT),
  };
}

// --- Parsing -------------------------------------------------------------------------------------

function portOf(env: NodeJS.ProcessEnv, name: EnvName, fallback: number): number {
  const value = envValue(name, env);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535)
    throw new ConfigError(`${name}: expected a port number (got '${value}')`);
  return Number(value);
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const value = envValue('ISF_LOG_LEVEL', env);
  if (value === undefined) return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((l) => l === value.toUpperCase());
  if (!level)
    throw new ConfigError(
      `ISF_LOG_LEVEL: expected one of ${LOG_LEVELS.map((l) => l.toLowerCase()).join(', ')} (got '${value}')`,
    );
  return level;
}

function metrics(env: NodeJS.ProcessEnv): Environment['metrics'] {
  const value = envValue('ISF_METRICS_PORT', env);
  if (value === 'off') return null;
  const port = value === undefined ? DEFAULT_METRICS_PORT : Number(value);
  if (!/^\d+$/.test(String(port)) || port < 1 || port > 65535)
    throw new ConfigError(`ISF_METRICS_PORT: expected a port number or 'off' (got '${value}')`);
  return { host: envValue('ISF_METRICS_HOST', env) ?? '127.0.0.1', port };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: EnvName): number | undefined {
  const value = envValue(name, env);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 2)
    throw new ConfigError(`${name}: expected a whole number of at least 2 (got '${value}')`);
  return Number(value);
}
