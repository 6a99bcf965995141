// The ISF service on its own: `npm run service` (and `npm start` runs it beside the worker). Reads
// ISF_CONFIG, the Temporal environment (as the worker does), the payload keys, and
// ISF_SERVICE_HOST / ISF_SERVICE_PORT (default 127.0.0.1:8280), ISF_SERVICE_TLS_CERT and
// ISF_SERVICE_TLS_KEY (HTTPS), ISF_SERVICE_METRICS_PORT (default 9465, or off), ISF_LOG_LEVEL.
// Logs JSON lines on stdout; on SIGINT or SIGTERM finishes the requests in flight, then exits.
import { Client, Connection } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { dataConverter } from '../codec/data-converter';
import { temporalTarget } from '../config/connection';
import { environment, serviceEnvironment } from '../config/env';
import { ConfigError, configPath, watchedConfig } from '../config/load';
import { openReadModel } from '../reads/open';
import { buildService } from './app';
import { serveMetrics, serviceMetrics } from './metrics';

/** Pino, shaped as the worker's lines: time, level (a word), message. */
export const LOG_OPTIONS = (level: string) => ({
  level,
  messageKey: 'message',
  base: undefined,
  timestamp: () => `,"time":"${new Date().toISOString()}"`,
  formatters: { level: (label: string) => ({ level: label }) },
});

async function main(): Promise<void> {
  const env = environment();
  const where = serviceEnvironment();
  const file = configPath();
  const config = watchedConfig(file);
  const target = temporalTarget();
  // Fails closed, as the worker: no keys, no service.
  const converter = dataConverter();
  const connection = await Connection.connect(target.client);
  const client = new Client({ connection, namespace: env.namespace, dataConverter: converter });
  const metrics = serviceMetrics();
  const readModel = await openReadModel(converter);
  const app = await buildService({
    client,
    connection,
    readModel,
    temporalAddress: target.address,
    config,
    logger: LOG_OPTIONS(env.logLevel.toLowerCase()),
    metrics,
    ...(env.timeoutMs ? { timeoutMs: env.timeoutMs } : {}),
    ...(where.tls ? { https: { cert: readFileSync(where.tls.cert), key: readFileSync(where.tls.key) } } : {}),
  });
  let metricsServer: Server | undefined;
  if (where.metrics) metricsServer = await serveMetrics(metrics, where.metrics.host, where.metrics.port);
  const address = await app.listen({ host: where.host, port: where.port });
  app.log.info(
    {
      address,
      temporal: target.address,
      namespace: env.namespace,
      config: file,
      metrics: where.metrics ? `http://${where.metrics.host}:${where.metrics.port}/metrics` : 'off',
    },
    'listening',
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    app.log.info('stopping: finishing the requests in flight');
    // close() stops accepting and waits for the requests in flight.
    void app
      .close()
      .then(() => new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve())))
      .then(() => readModel.close())
      .then(() => connection.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message =
    err instanceof ConfigError
      ? err.message
      : `the ISF service failed: ${err instanceof Error ? err.message : String(err)}`;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', message })}\n`);
  process.exit(1);
});
