// Gauges that describe the concerns rather than the worker: how many are open in each category,
// and how many are past their review date. Visibility answers them, so every worker reports the
// same figures: aggregate them with max, not sum.
import type { Client } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import { CATEGORIES } from '../policy/categories';
import { concernsQuery, type ConcernFilter } from '../reads/queries';
import { METRICS } from './metric-names';

export interface ConcernGauges {
  refresh(now?: Date): Promise<void>;
  stop(): void;
}

export function concernGauges(
  client: Client,
  meter: MetricMeter,
  onError: (err: unknown) => void,
  everyMs = 30_000,
): ConcernGauges {
  const concerns = meter.createGauge(METRICS.concerns, 'int', 'concerns', 'Open concerns by ISF category');
  const overdue = meter.createGauge(
    METRICS.reviewsOverdue,
    'int',
    'concerns',
    'Open concerns past their monitoring review date',
  );
  const count = async (filter: ConcernFilter): Promise<number> =>
    (await client.workflow.count(concernsQuery(filter))).count;
  const refresh = async (now = new Date()): Promise<void> => {
    for (const category of CATEGORIES) concerns.set(await count({ category }), { category: String(category) });
    overdue.set(await count({ reviewDueBefore: now.toISOString() }));
  };
  const timer = setInterval(() => void refresh().catch(onError), everyMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
