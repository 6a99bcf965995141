// A notification to twenty-five people can take a while on a slow relay. Heartbeating while it is
// sent lets Temporal notice a worker that died mid-send within seconds (the heartbeat timeout)
// instead of waiting out the whole start-to-close timeout before another worker retries it.
import { asyncLocalStorage } from '@temporalio/activity';

export const HEARTBEAT_EVERY_MS = 2_000;

/** Heartbeats until `work` settles; outside an activity (unit tests) it just awaits `work`. */
export async function heartbeating<T>(work: Promise<T>): Promise<T> {
  const context = asyncLocalStorage.getStore();
  if (!context) return work;
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
