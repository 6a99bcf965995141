// Durations as the configuration writes them ('30 days', '12h', '20s'), in Temporal's own terms.
// Pure and light: the workflow, the rules and the admin script all use these.
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';

/** Milliseconds of a duration the configuration has already checked. */
export function durationMs(value: string): number {
  return msToNumber(value as Duration);
}

/** `at` + a duration, as an ISO date-time. */
export function after(at: string, duration: string): string {
  return new Date(Date.parse(at) + durationMs(duration)).toISOString();
}

/** `at` − a duration, as an ISO date-time. */
export function before(at: string, duration: string): string {
  return new Date(Date.parse(at) - durationMs(duration)).toISOString();
}
