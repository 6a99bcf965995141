// Worker entry point: `node dist/worker/index.js`. Reads ISF_CONFIG, TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE and SMTP_URL; stops cleanly on SIGINT or SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, configPath, snapshotOf, watchedConfig } from '../config/load';
import { environment, smtpUrlOf } from '../config/env';
import { temporalTarget } from '../config/connection';
import { dataConverter, encrypting } from '../codec/data-converter';
import { createIsfWorker } from './create';
import { refreshStaleConcerns } from './config-sync';

async function main(): Promise<void> {
  const env = environment();
  const file = configPath();
  const config = watchedConfig(file, (err) => console.error(`isf worker: configuration not reloaded: ${err.message}`));
  const target = temporalTarget();
  const converter = dataConverter();
  const connection = await NativeConnection.connect(target.native);
  const client = new Client({ connection: await Connection.connect(target.client), namespace: env.namespace, dataConverter: converter });
  const worker = await createIsfWorker({
    connection,
    client,
    dataConverter: converter,
    namespace: env.namespace,
    config,
    smtpUrl: smtpUrlOf(env),
    ...(env.workflowCache !== undefined ? { maxCachedWorkflows: env.workflowCache } : {}),
  });
  const version = snapshotOf(config()).version;
  console.error(
    `isf worker: polling ${worker.options.taskQueue} on ${env.temporalAddress} (namespace ${env.namespace}), config ${file} (version ${version}), payloads ${encrypting(converter) ? 'encrypted' : 'NOT encrypted (no codec keys)'}`,
  );
  const sync = async (): Promise<void> => {
    try {
      const refreshed = await refreshStaleConcerns(client, version);
      if (refreshed > 0) console.error(`isf worker: asked ${refreshed} open concern(s) to reload the configuration`);
    } catch (err) {
      console.error(`isf worker: could not refresh open concerns' configuration: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  // An edited configuration file reaches open concerns within a minute even without `isf config apply`.
  let applied = version;
  const watcher = setInterval(() => {
    const now = snapshotOf(config()).version;
    if (now === applied) return;
    applied = now;
    console.error(`isf worker: configuration ${file} changed (version ${now})`);
    refreshStaleConcerns(client, now).catch((err: unknown) => console.error(`isf worker: could not refresh open concerns: ${String(err)}`));
  }, 30_000);
  // run() resolves once a shutdown signal has let in-flight work finish.
  await Promise.all([worker.run(), sync()]);
  clearInterval(watcher);
  await client.connection.close();
  await connection.close();
}

main().catch((err) => {
  console.error(`isf worker: ${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}`);
  process.exit(1);
});
