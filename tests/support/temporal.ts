// Real Temporal servers for tests, from the installed binaries (never downloaded), with the
// project's search attributes registered.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleOptions } from '../../worker/bundle';
import { temporalCli, temporalTestServer } from '../../ops/binaries';
import { addSearchAttributes } from '../../ops/namespace';

// Worker state changes and workflow logs would drown the test report; warnings still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

export type ServerKind = 'time-skipping test server' | 'dev server';

/** `uiPort`: serve the dev server's Web UI there (the browser test reads it), decoding through `uiCodecEndpoint`. */
export async function startServer(
  kind: ServerKind,
  uiPort?: number,
  uiCodecEndpoint?: string,
): Promise<TestWorkflowEnvironment> {
  const env =
    kind === 'dev server'
      ? await TestWorkflowEnvironment.createLocal({
          server: {
            executable: { type: 'existing-path', path: temporalCli() },
            ...(uiPort ? { ui: true, uiPort } : {}),
            extraArgs: [
              '--log-level',
              'error',
              ...(uiPort ? ['--ui-disable-news-fetch'] : ['--headless']),
              ...(uiCodecEndpoint ? ['--ui-codec-endpoint', uiCodecEndpoint] : []),
            ],
          },
        })
      : await TestWorkflowEnvironment.createTimeSkipping({
          server: { executable: { type: 'existing-path', path: temporalTestServer() } },
        });
  // The time-skipping server cannot list search attributes, but it registers them; both start empty.
  await addSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

const silent = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: console.error,
};

/** The workflow code, bundled once per test file. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...bundleOptions(), logger: silent });
}
