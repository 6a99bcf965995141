// The weekly digest of each region runs from a Temporal Schedule: every Monday at 08:00, London
// time. Applying is idempotent: schedules are created or updated to match the configured regions,
// and those of regions no longer configured are removed.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import { TASK_QUEUE } from '../workflows/names';

export const DIGEST_SCHEDULE_PREFIX = 'isf-weekly-digest-';
export const DIGEST_WORKFLOW_TYPE = 'weeklyDigest';
/** The national digest: to JSOG, the HEE Executive and national scrutiny, at the same hour. */
export const NATIONAL_DIGEST_SCHEDULE = 'isf-national-digest';
export const NATIONAL_DIGEST_WORKFLOW_TYPE = 'nationalDigest';
export const DIGEST_CALENDAR = { dayOfWeek: 'MONDAY', hour: 8, minute: 0 } as const;
export const DIGEST_TIMEZONE = 'Europe/London';

export const digestScheduleId = (region: string) => `${DIGEST_SCHEDULE_PREFIX}${region}`;

function options(region: string): ScheduleOptions {
  return {
    scheduleId: digestScheduleId(region),
    spec: { calendars: [DIGEST_CALENDAR], timezone: DIGEST_TIMEZONE },
    action: {
      type: 'startWorkflow',
      workflowType: DIGEST_WORKFLOW_TYPE,
      args: [{ region }],
      taskQueue: TASK_QUEUE,
      workflowId: `weekly-digest-${region}`,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
    memo: { region },
  };
}

export interface AppliedSchedules {
  created: string[];
  updated: string[];
  removed: string[];
}

function nationalOptions(): ScheduleOptions {
  return {
    scheduleId: NATIONAL_DIGEST_SCHEDULE,
    spec: { calendars: [DIGEST_CALENDAR], timezone: DIGEST_TIMEZONE },
    action: {
      type: 'startWorkflow',
      workflowType: NATIONAL_DIGEST_WORKFLOW_TYPE,
      args: [],
      taskQueue: TASK_QUEUE,
      workflowId: 'national-digest',
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP },
  };
}

export async function applyDigestSchedules(client: Client, regions: readonly string[]): Promise<AppliedSchedules> {
  const result: AppliedSchedules = { created: [], updated: [], removed: [] };
  for (const wanted of [...regions.map(options), nationalOptions()]) {
    try {
      await client.schedule.create(wanted);
      result.created.push(wanted.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(wanted.scheduleId).update((current) => ({
        ...current,
        spec: wanted.spec,
        action: wanted.action,
        policies: { ...current.policies, ...wanted.policies },
      }));
      result.updated.push(wanted.scheduleId);
    }
  }
  const keep = new Set(regions.map(digestScheduleId));
  for await (const schedule of client.schedule.list()) {
    if (schedule.scheduleId.startsWith(DIGEST_SCHEDULE_PREFIX) && !keep.has(schedule.scheduleId)) {
      await client.schedule.getHandle(schedule.scheduleId).delete();
      result.removed.push(schedule.scheduleId);
    }
  }
  return result;
}

/** When a region's digest runs next, or null if it has no schedule. */
export async function nextDigest(client: Client, region: string): Promise<string | null> {
  try {
    const described = await client.schedule.getHandle(digestScheduleId(region)).describe();
    return described.info.nextActionTimes[0]?.toISOString() ?? null;
  } catch {
    return null;
  }
}
