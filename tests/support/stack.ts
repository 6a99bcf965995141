// A Temporal server, a real worker and a real SMTP server, for the workflow tests.
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmCodec, type CodecKeys } from '../../codec/aes-gcm';
import { FAILURE_CONVERTER_PATH } from '../../codec/data-converter';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ConcernClient } from '../../client/concerns';
import type { Config } from '../../config/schema';
import { watchedConfig } from '../../config/load';
import { createIsfWorker } from '../../worker/create';
import type { ReadModel } from '../../reads/model';
import { sqliteReadModel } from '../../reads/open';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleConfig } from './fixtures';
import { newCodecKeys } from './keys';

export { codecKeysJson, newCodecKeys } from './keys';
import { TestInbox } from './inbox';
import { bundleWorkflows, startServer, type ServerKind } from './temporal';

export interface TestStack {
  env: TestWorkflowEnvironment;
  /** A client with the stack's payload codec: use it, not env.client, for anything with payloads. */
  client: Client;
  /** The payload codec and failure converter the client and the worker share (replays need it too). */
  dataConverter: DataConverter;
  codecKeys: CodecKeys | null;
  inbox: TestInbox;
  concerns: ConcernClient;
  /** The configuration the worker reads; tests may replace it. */
  config: Config;
  /** The read model the worker writes and the service reads (SQLite in a folder of the stack's own). */
  readModel: ReadModel;
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
  /** The UI's codec endpoint (a codec server started with the same keys). */
  uiCodecEndpoint?: string;
  /** null: payloads in plain JSON (recorded histories, readable by anyone changing the code). */
  codecKeys?: CodecKeys | null;
  /** Have the worker read this configuration file, re-reading it when it changes, as deployed workers do. */
  configFile?: string;
}

export async function startStack(
  kind: ServerKind,
  bundle: WorkflowBundleWithSourceMap,
  options: StackOptions = {},
): Promise<TestStack> {
  const env = await startServer(kind, options.uiPort, options.uiCodecEndpoint);
  const inbox = await TestInbox.start({ refuse: (address) => address.startsWith('bounce') });
  const config: Config = {
    ...structuredClone(exampleConfig),
    policy: { ...exampleConfig.policy, ...options.policy },
    security: { ...exampleConfig.security, ...options.security },
  };
  // Every test stack encrypts its payloads, as a deployment does.
  const codecKeys = options.codecKeys === undefined ? newCodecKeys() : options.codecKeys;
  const converter = {
    payloadCodecs: codecKeys ? [new AesGcmCodec(codecKeys)] : [],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
  // As the deployed worker: a payload it cannot decrypt reaches the workflow as a refusal.
  const workerConverter = {
    payloadCodecs: codecKeys ? [new AesGcmCodec(codecKeys, { onRefused: 'mark' })] : [],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
  const client = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: converter,
  });
  const dir = mkdtempSync(join(tmpdir(), 'isf-read-model-'));
  const readModel = sqliteReadModel(join(dir, 'read-model.sqlite'), converter.payloadCodecs);
  const stack: Partial<TestStack> = { env, inbox, config, client, codecKeys, dataConverter: converter, readModel };
  const worker: Worker = await createIsfWorker({
    connection: env.nativeConnection,
    client,
    readModel,
    dataConverter: workerConverter,
    namespace: env.namespace ?? 'default',
    config: options.configFile ? watchedConfig(options.configFile) : () => stack.config!,
    smtpUrl: inbox.url,
    workflowBundle: bundle,
  });
  const running = worker.run();
  // As the service does: what a decision returns is recorded in the read model at once.
  stack.concerns = new ConcernClient(client, undefined, { readModel });
  stack.stop = async () => {
    worker.shutdown();
    await running;
    await inbox.close();
    await env.teardown();
    await readModel.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return stack as TestStack;
}

/** A dev-server stack for the tests of one describe block: started before them, stopped after. */
export function devServerStack(): () => TestStack {
  let stack: TestStack | undefined;
  beforeAll(async () => {
    stack = await startStack('dev server', await bundleWorkflows());
  });
  afterAll(() => stack?.stop());
  return () => stack!;
}
