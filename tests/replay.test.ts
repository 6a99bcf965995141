// Concerns live for years, so workflow code must replay every history it ever wrote. Each set in
// tests/histories/ was recorded from real runs by an earlier version of the code
// (`npm run record-histories`); the current code must replay all of them without a
// nondeterminism error. A change that breaks this fails CI: add a patch (README, "Changing
// workflow code").
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';
import { DECISION_KINDS } from '../concern/inputs';
import { EVENTS } from '../concern/events';
import * as PATCHES from '../workflows/patches';
import { checkInput } from '../concern/carried';
import { check } from '../concern/invalid';
import { concernStateSchema } from '../concern/state';
import { bundleWorkflows } from './support/temporal';

const ROOT = join(__dirname, 'histories');

interface JsonEvent {
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType: { name: string }; input?: { payloads?: { data?: string }[] } };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest: { input: { name: string } } };
  workflowExecutionSignaledEventAttributes?: { signalName: string };
  markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads?: { data?: string }[] }> };
}

const decoded = (data: string | undefined): unknown => JSON.parse(Buffer.from(data ?? '', 'base64').toString());

/** The patches a history's code had (core records one marker per patch per run). */
const patchesIn = (events: JsonEvent[]): string[] =>
  events
    .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
    .flatMap((e) => Object.values(e.markerRecordedEventAttributes!.details ?? {}).flatMap((d) => d.payloads ?? []))
    .map((p) => (decoded(p.data) as { id: string }).id);

const sets = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const historiesOf = (set: string) =>
  readdirSync(join(ROOT, set))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      history: JSON.parse(readFileSync(join(ROOT, set, file), 'utf8')) as { events: JsonEvent[] },
    }));

let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  bundle = await bundleWorkflows();
});

it('has recorded histories to replay', () => {
  expect(sets.length).toBeGreaterThan(0);
});

describe.each(sets)('histories recorded as %s', (set) => {
  const histories = historiesOf(set);
  const events = histories.flatMap((h) => h.history.events);

  it('replay against the current workflow code', async () => {
    const results = Worker.runReplayHistories(
      { workflowBundle: bundle, dataConverter: { failureConverterPath: FAILURE_CONVERTER_PATH } },
      histories.map(({ file, history }) => ({ workflowId: file, history })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  });

  it('cover continue-as-new, a refused opening and a configuration reload', () => {
    const types = new Set(events.map((e) => e.eventType));
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    expect(types).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
    expect(events.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'config-changed')).toBe(true);
  });
});

/**
 * Every run now parses its input before it trusts it, with the schemas of the state: every input
 * and every state any earlier version wrote must parse, or a running concern would fail its next run.
 */
it('has every input and every state it recorded accepted by the schemas runs now check their input with', () => {
  let inputs = 0;
  let states = 0;
  for (const set of sets) {
    for (const { file, history } of historiesOf(set)) {
      // A run that failed may have failed on its input (a forged start, recorded on purpose).
      const failed = history.events.some((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
      for (const e of history.events as (JsonEvent &
        Record<
          string,
          { input?: { payloads?: { data?: string }[] }; outcome?: { success?: { payloads?: { data?: string }[] } } }
        >)[]) {
        const started = e.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
        if (started && !failed) {
          const parsed = checkInput(decoded(started.data));
          expect([set, file, parsed.ok ? 'ok' : parsed]).toEqual([set, file, 'ok']);
          inputs++;
        }
        const result = e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0];
        if (result) {
          const parsed = check(concernStateSchema, decoded(result.data));
          expect([set, file, parsed.ok ? 'ok' : parsed]).toEqual([set, file, 'ok']);
          states++;
        }
      }
    }
  }
  expect([inputs, states].every((n) => n > 0)).toBe(true);
});

/** Decisions and notices: each set covers those of its day; together they cover those of today. */
it('cover, across the sets, every decision and every notice a concern sends', () => {
  const events = sets.flatMap((set) => historiesOf(set).flatMap((h) => h.history.events));
  const updates = new Set(
    events.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest.input.name).filter(Boolean),
  );
  expect([...updates].sort()).toEqual(['open', ...DECISION_KINDS].sort());
  const notices = new Set(
    events
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType.name === 'sendNotification')
      .map(
        (e) =>
          (decoded(e.activityTaskScheduledEventAttributes!.input!.payloads![0].data) as { notice: { event: string } })
            .notice.event,
      ),
  );
  // The weekly digests are workflows of their own, not a concern's notices.
  expect([...notices].sort()).toEqual(EVENTS.filter((e) => e !== 'weekly-digest' && e !== 'national-digest').sort());
});

describe.each(Object.values(PATCHES))('patch %s', (patch) => {
  it('is proved against histories from before it and after it', () => {
    const withPatch = sets.filter((set) => historiesOf(set).some((h) => patchesIn(h.history.events).includes(patch)));
    expect(withPatch.length).toBeGreaterThan(0);
    expect(withPatch.length).toBeLessThan(sets.length);
  });
});
