// Settings that come from the environment, with their defaults, in one place.
import { temporalTarget } from './connection';
import { dataDirOf } from './paths';
import { DEFAULT_SERVICE_PORT } from './service-url';
import { ConfigError } from './load';
import { LOG_LEVELS, type LogLevel } from '../observability/log-levels';

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

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_SMTP_PORT = 1025;
export const DEFAULT_INBOX_PORT = 1080;
export const DEFAULT_UI_PORT = 8233;
export const DEFAULT_CODEC_PORT = 8288;
export const DEFAULT_METRICS_PORT = 9464;
export const DEFAULT_SERVICE_METRICS_PORT = 9465;
export { DEFAULT_SERVICE_PORT, DEFAULT_SERVICE_URL, serviceUrl } from './service-url';

/** Where the ISF service listens, how, and where it serves its metrics. */
export interface ServiceEnvironment {
  host: string;
  port: number;
  /** HTTPS when both are set: ISF_SERVICE_TLS_CERT and ISF_SERVICE_TLS_KEY, PEM files. */
  tls: { cert: string; key: string } | null;
  metrics: { host: string; port: number } | null;
}

export function serviceEnvironment(env: NodeJS.ProcessEnv = process.env): ServiceEnvironment {
  const cert = env.ISF_SERVICE_TLS_CERT || undefined;
  const key = env.ISF_SERVICE_TLS_KEY || undefined;
  if (Boolean(cert) !== Boolean(key)) throw new ConfigError('ISF_SERVICE_TLS_CERT and ISF_SERVICE_TLS_KEY: give both (HTTPS) or neither (HTTP)');
  const metricsPort = env.ISF_SERVICE_METRICS_PORT;
  return {
    host: env.ISF_SERVICE_HOST || '127.0.0.1',
    port: portOf(env, 'ISF_SERVICE_PORT', DEFAULT_SERVICE_PORT),
    tls: cert && key ? { cert, key } : null,
    metrics: metricsPort === 'off' ? null : { host: env.ISF_METRICS_HOST || '127.0.0.1', port: portOf(env, 'ISF_SERVICE_METRICS_PORT', DEFAULT_SERVICE_METRICS_PORT) },
  };
}

function portOf(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new ConfigError(`${name}: expected a port number (got '${value}')`);
  return Number(value);
}
export const DEFAULT_LOG_LEVEL: LogLevel = 'INFO';

export function environment(env: NodeJS.ProcessEnv = process.env): Environment {
  const target = temporalTarget(env);
  return {
    temporalAddress: target.address,
    namespace: target.namespace,
    smtpUrl: env.SMTP_URL || undefined,
    dataDir: dataDirOf(env),
    workflowCache: positiveInteger(env, 'ISF_WORKFLOW_CACHE'),
    logLevel: logLevel(env),
    metrics: metrics(env),
    timeoutMs: env.ISF_TIMEOUT_SECONDS ? positiveInteger(env, 'ISF_TIMEOUT_SECONDS')! * 1000 : undefined,
  };
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const value = env.ISF_LOG_LEVEL;
  if (value === undefined || value === '') return DEFAULT_LOG_LEVEL;
  const level = LOG_LEVELS.find((l) => l === value.toUpperCase());
  if (!level) throw new ConfigError(`ISF_LOG_LEVEL: expected one of ${LOG_LEVELS.map((l) => l.toLowerCase()).join(', ')} (got '${value}')`);
  return level;
}

function metrics(env: NodeJS.ProcessEnv): Environment['metrics'] {
  const value = env.ISF_METRICS_PORT;
  if (value === 'off') return null;
  const port = value === undefined || value === '' ? DEFAULT_METRICS_PORT : Number(value);
  if (!/^\d+$/.test(String(port)) || port < 1 || port > 65535) throw new ConfigError(`ISF_METRICS_PORT: expected a port number or 'off' (got '${value}')`);
  return { host: env.ISF_METRICS_HOST || '127.0.0.1', port };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 2) throw new ConfigError(`${name}: expected a whole number of at least 2 (got '${value}')`);
  return Number(value);
}

/** The worker sends to SMTP_URL, or to the local inbox's SMTP port. */
export function smtpUrlOf(env: Environment): string {
  return env.smtpUrl ?? `smtp://127.0.0.1:${DEFAULT_SMTP_PORT}`;
}
