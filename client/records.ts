// Records you can keep and restore. `isf export` writes every concern, open and closed, as JSON
// (its state with the full audit trail; for an open one also what it carries between runs: unsent
// notices, the notice counter, the clocks already fired) and a manifest with counts and SHA-256
// checksums. `isf import` recreates the open concerns of an export in a namespace that does not
// have them, each continuing from its state; the workflow plans its clocks afresh from the state.
import type { Client } from '@temporalio/client';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConfigSnapshot } from '../concern/directory';
import { refSchema } from '../concern/inputs';
import type { ConcernState } from '../concern/state';
import type { concern } from '../workflows';
import { carriedQuery, openUpdate, type Carried } from '../workflows/messages';
import { CONCERN_WORKFLOW_TYPE, concernWorkflowId, ownsRef } from '../workflows/names';
import { concernStartOptions } from './concerns';
import { refusedError, validated } from './errors';
import { check } from '../concern/invalid';
import { makePrivateDir, within, writePrivateFile } from '../ops/private-files';
import { inParallel, type Progress } from '../ops/parallel';
import { findConcerns } from '../reads/states';

export const EXPORT_FORMAT = 'isf-export';
export const EXPORT_VERSION = 1;
export const MANIFEST = 'manifest.json';
const CONCERNS_DIR = 'concerns';

/** One concern's file: `concerns/REF.json`. */
export interface ConcernRecord {
  ref: string;
  status: 'open' | 'closed';
  state: ConcernState;
  /** An open concern's run-to-run carry, without the configuration (the importing system has its own). */
  carried: (Omit<Carried, 'state' | 'config'> & { configVersion: string }) | null;
}

const fileSchema = z.object({
  path: z.string().regex(/^concerns\/[A-Za-z0-9][A-Za-z0-9._-]{0,39}\.json$/, { error: 'must be concerns/REF.json' }),
  ref: refSchema,
  status: z.enum(['open', 'closed']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 hex digits' }),
  bytes: z.number().int().nonnegative(),
});

const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `must be '${EXPORT_FORMAT}'` }),
  version: z.literal(EXPORT_VERSION, { error: `must be ${EXPORT_VERSION} (this isf reads version ${EXPORT_VERSION})` }),
  exportedAt: z.string(),
  namespace: z.string(),
  counts: z.object({
    concerns: z.number().int(),
    open: z.number().int(),
    closed: z.number().int(),
    byCategory: z.record(z.string(), z.number().int()),
  }),
  files: z.array(fileSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Reads one concern for the export: a closed one's state is its result, an open one is queried. */
async function recordOf(client: Client, workflowId: string, running: boolean): Promise<ConcernRecord> {
  const handle = client.workflow.getHandle<typeof concern>(workflowId);
  if (!running) {
    const state = await handle.result();
    return { ref: state.ref, status: 'closed', state, carried: null };
  }
  const { state, config, ...carried } = await handle.query(carriedQuery);
  return { ref: state.ref, status: 'open', state, carried: { ...carried, configVersion: config.version } };
}

export async function exportConcerns(
  client: Client,
  out: string,
  progress: Progress = () => undefined,
  parallel = 16,
): Promise<Manifest> {
  if (existsSync(out) && readdirSync(out).length > 0)
    throw refusedError(`out: ${out} is not empty; give a new folder for each export`);
  makePrivateDir(out);
  makePrivateDir(join(out, CONCERNS_DIR));
  const found = await findConcerns(client, { closed: true });

  const files: Manifest['files'] = [];
  const byCategory: Record<string, number> = {};
  await inParallel(
    found,
    parallel,
    async ({ id, running }) => {
      const record = await recordOf(client, id, running);
      // The file is named from the ref, checked: what a workflow returns is not trusted to name a path.
      const ref = validated(check(refSchema, record.state?.ref, `ref of ${id}`));
      if (!ownsRef(id, ref))
        throw refusedError(`${id} holds the state of ${ref}: not a concern's own record; not exported`);
      const path = `${CONCERNS_DIR}/${ref}.json`;
      const text = `${JSON.stringify(record, null, 2)}\n`;
      // Concern records name people and places: readable by the exporting user alone.
      writePrivateFile(within(out, path), text);
      files.push({
        path,
        ref: record.ref,
        status: record.status,
        sha256: sha256(text),
        bytes: Buffer.byteLength(text),
      });
      if (record.status === 'open') byCategory[record.state.category] = (byCategory[record.state.category] ?? 0) + 1;
    },
    progress,
  );
  files.sort((a, b) => a.ref.localeCompare(b.ref));

  const open = files.filter((f) => f.status === 'open');
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    namespace: client.options.namespace,
    counts: { concerns: files.length, open: open.length, closed: files.length - open.length, byCategory },
    files,
  };
  writePrivateFile(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The manifest, and every file checked against it: nothing is imported from a damaged export. */
export function readExport(dir: string): { manifest: Manifest; records: ConcernRecord[] } {
  const manifestFile = join(dir, MANIFEST);
  if (!existsSync(manifestFile)) throw refusedError(`${manifestFile}: not found (is ${dir} an isf export?)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw refusedError(`${manifestFile}: not JSON (${(err as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refusedError(`${manifestFile}: ${issue.path.join('.') || 'manifest'} ${issue.message}`);
  }
  const manifest = parsed.data;
  const records = manifest.files.map((file) => {
    const path = join(dir, file.path);
    if (!existsSync(path)) throw refusedError(`${file.path}: listed in the manifest but missing`);
    const text = readFileSync(path);
    if (sha256(text) !== file.sha256)
      throw refusedError(`${file.path}: checksum does not match the manifest (the file was changed or damaged)`);
    const record = JSON.parse(text.toString('utf8')) as ConcernRecord;
    if (record.ref !== file.ref || record.state?.ref !== file.ref || record.status !== file.status) {
      throw refusedError(`${file.path}: ref or status differs from the manifest`);
    }
    if (record.status === 'open' && !record.carried)
      throw refusedError(`${file.path}: an open concern without its carried notices and clocks`);
    return record;
  });
  return { manifest, records };
}

export interface ImportResult {
  imported: string[];
  /** Already in this namespace (an import run twice, or a namespace that is not empty): left as they are. */
  existing: string[];
  /** Closed concerns stay in the export as records; they are not recreated. */
  closed: string[];
  /**
   * Refused by the concern itself: an imported run is verified before it is trusted (its audit
   * trail against this system's keys, its state against its trail), whatever the manifest says.
   */
  refused: { ref: string; reason: string }[];
}

/** Why a started import's run failed, from the run itself. */
async function refusal(client: Client, ref: string): Promise<string> {
  try {
    await client.workflow.getHandle(concernWorkflowId(ref)).result();
    return 'the concern ended at once';
  } catch (err) {
    return err instanceof WorkflowFailedError && err.cause ? err.cause.message : (err as Error).message;
  }
}

export async function importConcerns(
  client: Client,
  records: ConcernRecord[],
  config: ConfigSnapshot,
  progress: Progress = () => undefined,
  parallel = 16,
): Promise<ImportResult> {
  const result: ImportResult = {
    imported: [],
    existing: [],
    closed: records.filter((r) => r.status === 'closed').map((r) => r.ref),
    refused: [],
  };
  const open = records.filter((r) => r.status === 'open');
  await inParallel(
    open,
    parallel,
    async ({ state, carried }) => {
      const { outbox, lastSeq, fired } = carried!;
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof concern>(CONCERN_WORKFLOW_TYPE, {
        ...concernStartOptions(state),
        // The concern verifies what it is given and takes this system's configuration, not the carried one.
        args: [{ kind: 'continued', carried: { state, config, outbox, lastSeq, fired } }],
        // A refused import leaves the ref free for a corrected one, as a refused opening does.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      try {
        // Answered once the concern has checked its input: imported means verified and running.
        await client.workflow.executeUpdateWithStart(openUpdate, { startWorkflowOperation });
        result.imported.push(state.ref);
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) result.existing.push(state.ref);
        else if (
          err instanceof WorkflowUpdateFailedError ||
          err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
          (err as Error).name === 'WorkflowUpdateFailedError'
        ) {
          result.refused.push({ ref: state.ref, reason: await refusal(client, state.ref) });
        } else throw err;
      }
    },
    progress,
  );
  result.imported.sort();
  result.existing.sort();
  result.refused.sort((a, b) => a.ref.localeCompare(b.ref));
  return result;
}
