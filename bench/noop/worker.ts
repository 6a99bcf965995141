// The no-op baseline's worker, a process of its own like the concern worker, with the same
// connection settings and data converter.
import { NativeConnection, Worker } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
import { temporalTarget } from '../../config/connection';
import { NOOP_TASK_QUEUE } from './workflows';

async function main(): Promise<void> {
  const target = temporalTarget();
  const worker = await Worker.create({
    connection: await NativeConnection.connect(target.native),
    namespace: target.namespace,
    taskQueue: NOOP_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    dataConverter: dataConverter(),
  });
  // One JSON line, as the concern worker says it: the benchmark waits for it.
  console.log(JSON.stringify({ message: 'polling', taskQueue: NOOP_TASK_QUEUE }));
  await worker.run();
}

main().catch((err: unknown) => {
  console.error(`noop worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
