// The weekly digests, a region's and the national one, started by their Temporal Schedules (ops/schedules.ts).
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DigestResult, NationalDigestResult } from '../activities/digest';
import { refusedPayloadReason } from '../codec/refused';
import { checkId } from '../concern/checks';
import { REFUSED } from './messages';

const { sendWeeklyDigest, sendNationalDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

export async function weeklyDigest(input: { region: string }): Promise<DigestResult> {
  // Anyone who can start a workflow can start this one: its input is checked like a concern's.
  const region = checkId((input as { region?: unknown } | null)?.region, 'region');
  const reason = refusedPayloadReason(input) ?? (region.ok ? null : region.reason);
  if (reason !== null || !region.ok)
    throw ApplicationFailure.create({ type: REFUSED, message: `input refused: ${reason}`, nonRetryable: true });
  return sendWeeklyDigest({ region: region.value, at: new Date().toISOString() });
}

/** The weekly national digest, started by its Temporal Schedule: no input but the time. */
export async function nationalDigest(): Promise<NationalDigestResult> {
  return sendNationalDigest({ at: new Date().toISOString() });
}
