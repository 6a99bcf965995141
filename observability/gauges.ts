// Gauges that describe the concerns rather than the worker: how many are open in each category,
// and how many are past their review date. Visibility answers them, so every worker reports the
// same figures: aggregate them with max, not sum.
import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import { CATEGORIES } from '../policy/categories';
import { OPEN_CONCERNS } from '../workflows/names';
import { METRICS } from './metric-names';

export interface ConcernGauges {
  refresh(now?: Date): Promise<void>;
  stop(): void;
}

export function concernGauges(client: Client, meter: MetricMeter, onError: (err: unknown) => void, everyMs = 30_000): ConcernGauges {
  const concerns = meter.createGauge(METRICS.concerns, 'int', 'concerns', 'Open concerns by ISF category');
  const overdue = meter.createGauge(METRICS.reviewsOverdue, 'int', 'concerns', 'Open concerns past their monitoring review date');
  const count = async (clauses: string): Promise<number> => (await client.workflow.count(`${OPEN_CONCERNS} AND ${clauses}`)).count;
  const refresh = async (now = new Date()): Promise<void> => {
    for (const category of CATEGORIES) concerns.set(await count(`IsfCategory = ${category}`), { category: String(category) });
    overdue.set(await count(`IsfNextReviewDue < '${now.toISOString()}'`));
  };
  const timer = setInterval(() => void refresh().catch(onError), everyMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
