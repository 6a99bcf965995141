// Prepares a namespace for the concern workflows: the search attributes they keep up to date, and a
// retention long enough that closed concerns stay readable.
import type { Connection } from '@temporalio/client';
import Long from 'long';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.BOOL]: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.TEXT]: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.DOUBLE]: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.KEYWORD_LIST]: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/**
 * Closed concerns are records: the dev server's default of one day would lose them. Ten years
 * here; a production cluster sets its own retention (see the README).
 */
export const RETENTION_DAYS = 3650;

/** Names of the project's search attributes that the namespace lacks. */
export async function missingSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return SEARCH_ATTRIBUTES.map((key) => key.name).filter((name) => !(name in (customAttributes ?? {})));
}

export async function addSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
  names: readonly string[] = SEARCH_ATTRIBUTES.map((key) => key.name),
): Promise<void> {
  const searchAttributes = Object.fromEntries(
    SEARCH_ATTRIBUTES.filter((key) => names.includes(key.name)).map((key) => [key.name, INDEXED[key.type]]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}

/** Idempotent: adds only what is missing, and says what that was. */
export async function ensureSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const missing = await missingSearchAttributes(connection, namespace);
  if (missing.length > 0) await addSearchAttributes(connection, namespace, missing);
  return missing;
}

/** gRPC status codes met while preparing a namespace. */
const GRPC = { ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, NOT_FOUND: 5, UNIMPLEMENTED: 12, UNAUTHENTICATED: 16 } as const;
const codeOf = (err: unknown): number | undefined => (err as { code?: number } | null)?.code;

/**
 * A namespace the caller may not prepare (Temporal Cloud: namespaces and their search attributes
 * are managed with tcld or the Cloud UI, not by an API key of a worker): what to run instead.
 */
export class NamespaceRightsError extends Error {
  constructor(namespace: string, step: string) {
    super(
      `cannot ${step} namespace ${namespace} with these credentials (permission denied): ` +
        'have someone with the rights run `isf namespace setup` against it (on Temporal Cloud: create the namespace and its search attributes with tcld or the Cloud UI, see README "Connecting to a real cluster"), then npm start again',
    );
  }
}

function rightsOr(err: unknown, namespace: string, step: string): unknown {
  const code = codeOf(err);
  return code === GRPC.PERMISSION_DENIED || code === GRPC.UNAUTHENTICATED || code === GRPC.UNIMPLEMENTED
    ? new NamespaceRightsError(namespace, step)
    : err;
}

async function exists(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch (err) {
    if (codeOf(err) === GRPC.NOT_FOUND) return false;
    throw rightsOr(err, namespace, 'read');
  }
}

/**
 * Everything a namespace needs, idempotently: it exists, has the search attributes and the
 * retention. On a real server (not the dev server, which creates its namespace) a namespace just
 * registered reaches the frontends' namespace cache only after a few seconds, and until then every
 * call on it answers NOT_FOUND: so it waits for the namespace to be usable before going on.
 */
export async function prepareNamespace(
  connection: Connection,
  namespace: string,
  { visibleWithinMs = 60_000 } = {},
): Promise<string[]> {
  if (!(await exists(connection, namespace))) {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(RETENTION_DAYS * 24 * 60 * 60) },
      });
    } catch (err) {
      if (codeOf(err) !== GRPC.ALREADY_EXISTS) throw rightsOr(err, namespace, 'register');
    }
  }
  const deadline = Date.now() + visibleWithinMs;
  for (;;) {
    try {
      const added = await ensureSearchAttributes(connection, namespace);
      await ensureRetention(connection, namespace);
      return added;
    } catch (err) {
      if (codeOf(err) !== GRPC.NOT_FOUND || Date.now() > deadline) throw rightsOr(err, namespace, 'prepare');
      await sleep(500);
    }
  }
}

export async function ensureRetention(connection: Connection, namespace: string, days = RETENTION_DAYS): Promise<void> {
  const seconds = days * 24 * 60 * 60;
  const described = await connection.workflowService.describeNamespace({ namespace });
  const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  if (current >= seconds) return;
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: { seconds: Long.fromNumber(seconds) } },
  });
}
