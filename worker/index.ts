// Worker entry point: `node dist/worker/index.js`. Reads ISF_CONFIG, TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, SMTP_URL, ISF_LOG_LEVEL and ISF_METRICS_PORT; logs JSON lines on stdout;
// stops cleanly on SIGINT or SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, configPath, snapshotOf, watchedConfig } from '../config/load';
import { environment, smtpUrlOf, type Environment } from '../config/env';
import { temporalTarget } from '../config/connection';
import { dataConverter } from '../codec/data-converter';
import { concernGauges } from '../observability/gauges';
import { installRuntime } from '../observability/runtime';
import { jsonLogger } from '../observability/logging';
import { openReadModel } from '../reads/open';
import { createIsfWorker } from './create';
import { refreshStaleConcerns } from './config-sync';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function main(env: Environment): Promise<void> {
  const runtime = installRuntime(env);
  const log = runtime.logger;
  const file = configPath();
  const config = watchedConfig(file, (err) => {
    log.warn('configuration not reloaded', { file, error: err.message });
  });
  const target = temporalTarget();
  // Fails closed: no keys, no worker; a payload it cannot decrypt reaches the workflow as a refusal.
  const converter = dataConverter(process.env, {
    onRefused: 'mark',
    report: (line) => {
      log.warn(line);
    },
  });
  const connection = await NativeConnection.connect(target.native);
  const client = new Client({
    connection: await Connection.connect(target.client),
    namespace: env.namespace,
    dataConverter: converter,
  });
  const readModel = await openReadModel(converter);
  const worker = await createIsfWorker({
    connection,
    client,
    readModel,
    dataConverter: converter,
    namespace: env.namespace,
    config,
    smtpUrl: smtpUrlOf(env),
    ...(env.workflowCache !== undefined ? { maxCachedWorkflows: env.workflowCache } : {}),
  });
  const version = snapshotOf(config()).version;
  log.info('polling', {
    taskQueue: worker.options.taskQueue,
    temporal: env.temporalAddress,
    namespace: env.namespace,
    config: file,
    configVersion: version,
    payloads: 'encrypted',
    metrics: env.metrics ? `http://${env.metrics.host}:${env.metrics.port}/metrics` : 'off',
  });
  const gauges = env.metrics
    ? concernGauges(client, runtime.metricMeter, (err) => {
        log.warn('could not count concerns for metrics', { error: message(err) });
      })
    : undefined;
  const sync = async (): Promise<void> => {
    try {
      await gauges?.refresh();
      const refreshed = await refreshStaleConcerns(client, version);
      if (refreshed > 0)
        log.info('asked open concerns to reload the configuration', { concerns: refreshed, configVersion: version });
    } catch (err) {
      log.warn('could not refresh open concerns', { error: message(err) });
    }
  };
  // An edited configuration file reaches open concerns within a minute even without `isf config apply`.
  let applied = version;
  const watcher = setInterval(() => {
    const now = snapshotOf(config()).version;
    if (now === applied) return;
    applied = now;
    log.info('configuration changed', { config: file, configVersion: now });
    refreshStaleConcerns(client, now).catch((err: unknown) => {
      log.warn('could not refresh open concerns', { error: message(err) });
    });
  }, 30_000);
  // run() resolves once a shutdown signal has let in-flight work finish.
  await Promise.all([worker.run(), sync()]);
  clearInterval(watcher);
  gauges?.stop();
  await readModel.close();
  await client.connection.close();
  await connection.close();
}

let env: Environment;
try {
  env = environment();
} catch (err) {
  // Before the runtime exists: still one JSON line, at the default level.
  jsonLogger('ERROR').error(message(err));
  process.exit(1);
}
main(env).catch((err: unknown) => {
  jsonLogger('ERROR').error(
    err instanceof ConfigError ? err.message : 'worker failed',
    err instanceof ConfigError ? {} : { error: err },
  );
  process.exit(1);
});
