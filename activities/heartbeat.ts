// A notification to twenty-five people can take a while on a slow relay. Heartbeating while it is
// sent lets Temporal notice a worker that died mid-send within seconds (the heartbeat timeout)
// instead of waiting out the whole start-to-close timeout before another worker retries it.
import { asyncLocalStorage } from '@temporalio/activity';

export const HEARTBEAT_EVERY_MS = 2_000;

/** Heartbeats until `work` settles; outside an activity (unit tests) it just awaits `work`. */
export async function heartbeating<T>(work: Promise<T>): Promise<T> {
  const context = asyncLocalStorage.getStore();
  if (!context) return work;
  // Heartbeats without details keep the last progress recorded.
  const timer = setInterval(() => context.heartbeat(lastProgress(context)), HEARTBEAT_EVERY_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** What an attempt recorded of its progress: each recipient done, with the reason it was refused or null. */
export function progressSoFar(): [string, string | null][] {
  const details = asyncLocalStorage.getStore()?.info.heartbeatDetails as unknown;
  return Array.isArray(details)
    ? (details as [string, string | null][]).filter((d) => Array.isArray(d) && typeof d[0] === 'string')
    : [];
}

/** Records progress, so that a retry after a crash does not send to those already done. */
export function recordProgress(done: [string, string | null][]): void {
  const context = asyncLocalStorage.getStore();
  if (!context) return;
  progress.set(context, done);
  context.heartbeat(done);
}

const progress = new WeakMap<object, unknown>();
function lastProgress(context: object): unknown {
  return progress.get(context);
}
