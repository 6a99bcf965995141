// Builds the worker: the concern workflows and their activities on the `isf-concerns` queue.
import type { Client } from '@temporalio/client';
import type { ReadModel } from '../reads/model';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { createActivities } from '../activities';
import type { Config } from '../config/schema';
import { TASK_QUEUE } from '../workflows/names';
import { bundleOptions } from './bundle';

/** Written by `npm run build` beside the compiled worker (dist/workflow-bundle.js). */
export const WORKFLOW_BUNDLE = join(__dirname, '..', 'workflow-bundle.js');

export interface IsfWorkerOptions {
  connection: NativeConnection;
  /** Each concern's latest state: the concerns write it, the digests read it. */
  readModel: ReadModel;
  /** A client of the same cluster, for activities that list other workflows (the digests). */
  client: Client;
  namespace: string;
  config: () => Config;
  smtpUrl: string;
  /** The payload codec and failure converter; the same as the admin script's. */
  dataConverter?: WorkerOptions['dataConverter'];
  /** A bundle made by the caller (tests bundle once per file); else the built one, else bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  taskQueue?: string;
  /** How many concerns the worker keeps in memory between decisions (ISF_WORKFLOW_CACHE). */
  maxCachedWorkflows?: number;
}

/**
 * Each cached concern holds its own copy of the workflow's modules, about 2 MB (docs/benchmarks.md).
 * The SDK's default sizes the cache from the heap limit (thousands here), which would let a worker
 * with 10,000 open concerns grow past 4 GB; 250 keeps it under 1 GB. A concern not in the cache is
 * replayed from its history when it next has work, which costs a few milliseconds.
 */
export const DEFAULT_WORKFLOW_CACHE = 250;

export async function createIsfWorker(options: IsfWorkerOptions): Promise<Worker> {
  const mail = nodemailer.createTransport(options.smtpUrl);
  // The activities ask the worker they run in whether it is shutting down.
  const built: { worker?: Worker } = {};
  const stopping = () => built.worker !== undefined && !['INITIALIZED', 'RUNNING'].includes(built.worker.getState());
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : existsSync(WORKFLOW_BUNDLE)
        ? { workflowBundle: { codePath: WORKFLOW_BUNDLE } }
        : { workflowBundle: await bundleWorkflowCode(bundleOptions()) }),
    activities: createActivities({
      config: options.config,
      mail,
      readModel: options.readModel,
      client: options.client,
      meter: Runtime.instance().metricMeter,
      stopping,
    }),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_WORKFLOW_CACHE,
    // On SIGINT/SIGTERM, in-flight notifications get this long to finish before the worker exits.
    shutdownGraceTime: '20 seconds',
  });
  built.worker = worker;
  return worker;
}
