// A Temporal server, a real worker and a real SMTP server, for the workflow tests.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ConcernClient } from '../../client/concerns';
import type { Config } from '../../config/schema';
import { watchedConfig } from '../../config/load';
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

/**
 * The time-skipping server's clock runs ahead of the admin script's once a test sleeps months, so
 * signatures would be stale there: those tests run unsigned, and signing is tested on the dev server.
 */
export const UNSIGNED: Partial<Config['security']> = { requireSignedDecisions: false };

export interface StackOptions {
  policy?: Partial<Config['policy']>;
  security?: Partial<Config['security']>;
  /** Serve the dev server's Web UI on this port. */
  uiPort?: number;
  /** Have the worker read this configuration file, re-reading it when it changes, as deployed workers do. */
  configFile?: string;
}

export async function startStack(kind: ServerKind, bundle: WorkflowBundleWithSourceMap, options: StackOptions = {}): Promise<TestStack> {
  const env = await startServer(kind, options.uiPort);
  const inbox = await TestInbox.start({ refuse: (address) => address.startsWith('bounce') });
  const config: Config = {
    ...structuredClone(exampleConfig),
    policy: { ...exampleConfig.policy, ...options.policy },
    security: { ...exampleConfig.security, ...options.security },
  };
  const stack: Partial<TestStack> = { env, inbox, config };
  const worker: Worker = await createIsfWorker({
    connection: env.nativeConnection,
    client: env.client,
    namespace: env.namespace ?? 'default',
    config: options.configFile ? watchedConfig(options.configFile) : () => stack.config!,
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
