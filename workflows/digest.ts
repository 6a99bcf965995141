// A region's weekly digest, started by its Temporal Schedule (ops/schedules.ts).
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DigestResult } from '../activities/digest';

const { sendWeeklyDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 20 },
});

export async function weeklyDigest(input: { region: string }): Promise<DigestResult> {
  return sendWeeklyDigest({ region: input.region, at: new Date().toISOString() });
}
