// A Temporal server, a real worker and a real SMTP server, for the workflow tests.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ConcernClient } from '../../client/concerns';
import type { Config } from '../../config/schema';
import { createIsfWorker } from '../../worker/create';
import { exampleConfig } from './fixtures';
import { TestInbox } from './inbox';
import { startServer, type ServerKind } from './temporal';

export interface TestStack {
  env: TestWorkflowEnvironment;
  inbox: TestInbox;
  concerns: ConcernClient;
  /** The configuration the worker reads; tests may replace it. */
  config: Config;
  stop(): Promise<void>;
}

export async function startStack(
  kind: ServerKind,
  bundle: WorkflowBundleWithSourceMap,
  policy: Partial<Config['policy']> = {},
  uiPort?: number,
): Promise<TestStack> {
  const env = await startServer(kind, uiPort);
  const inbox = await TestInbox.start({ refuse: (address) => address.startsWith('bounce') });
  const stack: Partial<TestStack> = { env, inbox, config: { ...structuredClone(exampleConfig), policy: { ...exampleConfig.policy, ...policy } } };
  const worker: Worker = await createIsfWorker({
    connection: env.nativeConnection,
    client: env.client,
    namespace: env.namespace ?? 'default',
    config: () => stack.config!,
    smtpUrl: inbox.url,
    workflowBundle: bundle,
  });
  const running = worker.run();
  stack.concerns = new ConcernClient(env.client);
  stack.stop = async () => {
    worker.shutdown();
    await running;
    await inbox.close();
    await env.teardown();
  };
  return stack as TestStack;
}
