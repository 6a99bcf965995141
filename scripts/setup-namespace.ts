// One-shot set-up of a Temporal namespace for the concern workflows (the `isf-setup` service of
// docker-compose.yml, or by hand against any cluster): namespace, search attributes, retention.
import { Connection } from '@temporalio/client';
import { environment } from '../config/env';
import { temporalTarget } from '../config/connection';
import { prepareNamespace } from '../ops/namespace';
import { waitUntil } from '../ops/wait';

async function main(): Promise<void> {
  const env = environment();
  let connection: Connection | undefined;
  await waitUntil(
    `Temporal at ${env.temporalAddress}`,
    async () => {
      connection = await Connection.connect({ ...temporalTarget().client, connectTimeout: '2s' }).catch(
        () => undefined,
      );
      return connection !== undefined;
    },
    120_000,
  );
  const added = await prepareNamespace(connection!, env.namespace);
  process.stderr.write(`namespace ${env.namespace} ready${added.length ? `; registered ${added.join(', ')}` : ''}\n`);
  await connection!.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`setup-namespace: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
