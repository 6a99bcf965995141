// One long-lived workflow per concern. It orchestrates: the rules are in concern/ and policy/;
// the mail goes out through activities; the state is plain JSON carried across runs.
//
// The run, in the order it runs:
//   1. the input, checked (and the patches that say which rules this run keeps);
//   2. the run state (the `let`s of step 2): restored first when the run continues one of its own;
//   3. the handlers: the queries, the opening, one update per decision, the configuration signal;
//   4. the opening (a new concern) or the admission of carried state (an import);
//   5. four loops side by side until the concern closes or its history grows long:
//        sender       the outbox of notices, one activity per notice, after each update returned
//        clockKeeper  one durable timer for the earliest clock, replaced only when that changes
//        publisher    search attributes and current details, once an activation's updates are in
//        recorder     each new state to the read model (a local activity), for lists and reports
//   6. the end: the result (closed), or continue-as-new with the state carried.
//
// Who writes what: `state` is written by commit (decisions, the opening), the sender (deliveries)
// and the clock keeper (clocks fired); `config` by the opening and the sender (reloads); `outbox`
// and `lastSeq` by enqueue; `fired` by commit and the clock keeper. A decision never changes the
// state it is given (concern/decide.ts returns a new one; the state's types are read-only all the way
// down, so a change in place does not compile): the validator's cache below relies on it.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  metricMeter,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../activities';
import { refusedPayloadReason } from '../codec/refused';
import { admissionOfCarried, checkInput } from '../concern/carried';
import { jsonBytes } from '../concern/admission';
import { fireClock, nextClock, stillFired } from '../concern/clocks';
import { decide, openConcern, type DecisionContext, type Notice, type Outcome } from '../concern/decide';
import { noticeSubjectOf, recordDelivery } from '../concern/delivery';
import type { ConfigSnapshot } from '../concern/directory';
import { DECISION_KINDS } from '../concern/decision-kinds';
import type { ConcernState } from '../concern/state';
import { METRICS } from '../observability/metric-names';
import { currentDetailsOf } from './details';
import {
  DECISION_UPDATES,
  REFUSED,
  configChangedSignal,
  openUpdate,
  carriedQuery,
  stateQuery,
  type Carried,
  type ConcernInput,
  type QueuedNotice,
} from './messages';
import { GUIDE_RULES, INPUT_CHECKS, NOTICE_ACTIVITY_IDS, READ_MODEL } from './patches';
import { searchAttributesOf } from './search-attributes';

const notifying = {
  startToCloseTimeout: '2 minutes',
  // The activity heartbeats while the mail server takes its time: a worker that dies mid-send is
  // noticed after this long, and another worker sends again (with the same Message-ID).
  heartbeatTimeout: '10 seconds',
  // A mail server that is down comes back: retry with backoff, without a limit. Addresses that
  // are refused for good come back as failures, not as errors, so they do not retry forever.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const;

const { loadConfigSnapshot } = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds' });
// A read model that is down is retried for a while; then the state waits for the next change (or
// `isf read-model rebuild`), and the concern goes on: the read model never holds a concern up.
const { recordState } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '2 minutes',
});

export async function concern(given: ConcernInput): Promise<ConcernState> {
  // 1. The input. It may not be this workflow's own: anyone who can start a workflow on the task
  // queue can write one. Checked before anything else; refused, the run fails with the reason (a
  // failure of the run, never of its workflow task, which would be retried for ever). Runs started
  // before the check trusted their input, and replay as they ran.
  const checking = patched(INPUT_CHECKS);
  // The guide to the letter (2026-12): what it changes in a concern's notices, clocks and state
  // applies in runs started since; older runs replay as they ran (concern/outcome.ts, `guide`).
  const guide = patched(GUIDE_RULES);
  // The read model (2026-12): runs started since record each new state.
  const recording = patched(READ_MODEL);
  const input = checking ? checked(given) : given;
  // A continued run that is not this workflow's own continue-as-new (an import, or anyone's
  // `temporal workflow start`) is verified before any of its state is used.
  const untrusted = checking && input.kind === 'continued' && workflowInfo().continuedFromExecutionRunId === undefined;

  // 2. The run state.
  let state: ConcernState | undefined;
  let config: ConfigSnapshot | undefined;
  let openingRefusal: string | undefined;
  let outbox: QueuedNotice[] = [];
  let lastSeq = 0;
  /** Keys of clocks that have fired and whose reason still stands. */
  let fired: string[] = [];
  let configStale = false;
  /** Set when the run ends (closed, or continuing as new): the loops finish what they are doing. */
  let stopping = false;
  /** The state changed since search attributes and details were last published. */
  let unpublished = false;
  /** The latest state an update produced: its caller records it in the read model (client/concerns.ts). */
  let answered: ConcernState | undefined;

  // A continued run has its state before any handler is registered: updates that arrived during
  // the switch are delivered as soon as their handler exists, and must find it. Current details
  // do not carry over; the publisher sets them again.
  if (input.kind === 'continued' && !untrusted) {
    ({ state, config, outbox, lastSeq, fired } = input.carried);
    unpublished = true;
  }

  const current = (): ConcernState => {
    if (!state) throw refused('the concern is still opening; try again in a moment');
    return state;
  };

  const snapshot = (): ConfigSnapshot => {
    if (!config) throw refused('the concern is still opening; try again in a moment');
    return config;
  };

  const context = (): DecisionContext => ({
    now: new Date().toISOString(),
    directory: snapshot().directory,
    policy: snapshot().policy,
    security: snapshot().security,
    configVersion: snapshot().version,
    guide,
  });

  function enqueue(notices: Notice[]): void {
    for (const notice of notices) outbox.push({ seq: ++lastSeq, notice });
  }

  /**
   * Update handlers only change the state; the commands that follow (search attributes) are issued
   * by the publisher loop once the activation's updates are all handled, so a burst of updates
   * yields the same commands in the same order whether it runs or replays.
   */
  function commit(outcome: Extract<Outcome, { ok: true }>): ConcernState {
    state = outcome.state;
    answered = state;
    fired = stillFired(state, snapshot().policy, fired);
    enqueue(outcome.notices);
    unpublished = true;
    return state;
  }

  // 3. The handlers.
  setHandler(stateQuery, current);
  setHandler(carriedQuery, (): Carried => ({ state: current(), config: snapshot(), outbox, lastSeq, fired }));

  setHandler(openUpdate, async () => {
    await condition(() => state !== undefined || openingRefusal !== undefined);
    if (openingRefusal !== undefined) throw refused(openingRefusal);
    return current();
  });

  /**
   * The validator and then the handler of an update each get the payload decoded afresh, and each
   * would check it again (the schema, the signature: a few milliseconds). The handler reuses the
   * validator's outcome when the payload, the state and the configuration are the ones it checked:
   * the same objects, which is safe because nothing changes a state (read-only by type) or a snapshot
   * (replaced whole on a reload) in place. On replay only handlers run, so this changes nothing the workflow
   * does, only how fast.
   */
  let lastChecked:
    | {
        kind: string;
        payload: string;
        state: ConcernState;
        config: ConfigSnapshot;
        admitting: boolean;
        outcome: Outcome;
      }
    | undefined;
  const decideOnce = (kind: (typeof DECISION_KINDS)[number], payload: unknown, admitting: boolean): Outcome => {
    const key = JSON.stringify(payload) ?? '';
    const [now, snap] = [current(), snapshot()];
    const same =
      lastChecked &&
      lastChecked.kind === kind &&
      lastChecked.payload === key &&
      lastChecked.state === now &&
      lastChecked.config === snap;
    // An outcome checked at admission serves the handler; never the other way round.
    if (same && (lastChecked!.admitting || !admitting)) return lastChecked!.outcome;
    // What the run carries beside the state counts against the state's budget, at admission.
    const outcome = decide(now, kind, payload, {
      ...context(),
      admitting,
      ...(admitting ? { carriedBytes: jsonBytes(outbox) + jsonBytes(fired) } : {}),
    });
    lastChecked = { kind, payload: key, state: now, config: snap, admitting, outcome };
    return outcome;
  };

  // Counted on the worker's metrics endpoint; the SDK drops metrics while a history replays.
  const decisions = metricMeter.createCounter(
    METRICS.decisions,
    'decisions',
    'Governance decisions by type and outcome',
  );
  for (const kind of DECISION_KINDS) {
    const attempt = (payload: unknown, admitting: boolean): Extract<Outcome, { ok: true }> => {
      const outcome = decideOnce(kind, payload, admitting);
      if (!outcome.ok) throw refused(outcome.reason);
      return outcome;
    };
    const update = DECISION_UPDATES[kind] as unknown as UpdateDefinition<ConcernState, [unknown]>;
    setHandler(
      update,
      (payload: unknown) => {
        // Applying what the validator admitted (or, on replay, what was admitted when it ran).
        const accepted = commit(attempt(payload, false));
        decisions.add(1, { decision: kind, outcome: 'accepted' });
        return accepted;
      },
      {
        // Refusals happen here, so they never reach the history.
        validator: (payload: unknown) => {
          // A payload the codec refused (not encrypted with a known key) arrives as its marker.
          const marker = checking ? refusedPayloadReason(payload) : null;
          if (marker) throw refused(marker);
          if (!decideOnce(kind, payload, true).ok) decisions.add(1, { decision: kind, outcome: 'refused' });
          attempt(payload, true);
        },
      },
    );
  }

  setHandler(configChangedSignal, () => {
    configStale = true;
  });

  // 4. The opening, or the admission of state carried from elsewhere.
  if (input.kind === 'new') {
    config = await loadConfigSnapshot();
    // Rules added since concerns began refuse at admission only; a replayed opening is as it was.
    const opened = openConcern(input.opening, { ...context(), admitting: checking });
    if (!opened.ok) {
      openingRefusal = opened.reason;
      await condition(allHandlersFinished);
      // A failed run leaves the ref free for a corrected opening (id reuse: failed only).
      throw refused(`opening refused: ${opened.reason}`);
    }
    commit(opened);
  } else if (untrusted) {
    // Never the carried configuration: the one this worker has. The trail must verify against its
    // keys, and the state must be the one the trail leads to; the outbox cannot be verified, so it
    // is not sent (the region's quality team hears of each notice set aside).
    // (Its ref is not compared with the workflow id: replays run under ids of their own. Listings
    // show a concern only under its own workflow id, concern-<ref>.)
    config = await loadConfigSnapshot();
    const admitted = admissionOfCarried(input.carried, config, new Date().toISOString());
    if (!admitted.ok) throw refused(admitted.reason);
    ({ state, lastSeq } = admitted);
    enqueue(admitted.notices);
    unpublished = true;
  }

  // 5. The loops, until the concern closes (with its mail sent) or the history grows long.
  const longHistory = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= snapshot().policy.continueAsNewAfterEvents;
  const closedAndSent = () => current().stage === 'closed' && outbox.length === 0;

  const loops = Promise.all([sender(), clockKeeper(), publisher(), ...(recording ? [recorder()] : [])]);
  await condition(() => closedAndSent() || longHistory());

  // 6. The end.
  stopping = true;
  await loops;
  await condition(allHandlersFinished);
  if (unpublished) publish();
  // A decision that arrived while the loops stopped may have left notices: the next run sends them.
  if (closedAndSent()) return current();
  const carried: Carried = { state: current(), config: snapshot(), outbox, lastSeq, fired };
  return continueAsNew<typeof concern>({ kind: 'continued', carried });

  /** Sends the outbox, one notice at a time, and reloads the configuration when asked. */
  async function sender(): Promise<void> {
    for (;;) {
      await condition(() => outbox.length > 0 || configStale || stopping);
      if (configStale) {
        configStale = false;
        const fresh = await loadConfigSnapshot();
        if (fresh.version !== snapshot().version) {
          log.info('configuration changed', { ref: current().ref, from: snapshot().version, to: fresh.version });
          config = fresh;
          fired = stillFired(current(), fresh.policy, fired);
          unpublished = true;
        }
        continue;
      }
      if (outbox.length === 0) return; // stopping, nothing left to send
      if (stopping && current().stage !== 'closed') return; // the next run sends the rest
      const { seq, notice } = outbox[0];
      const { sendNotification } = patched(NOTICE_ACTIVITY_IDS)
        ? proxyActivities<Activities>({ ...notifying, activityId: `notice-${seq}` })
        : proxyActivities<Activities>(notifying);
      const delivery = await sendNotification({ seq, concern: noticeSubjectOf(current()), notice });
      const recorded = recordDelivery(current(), notice, delivery, new Date().toISOString());
      state = recorded.state;
      outbox.shift();
      enqueue(recorded.notices);
    }
  }

  /** One durable timer, for the earliest clock; a change that moves the earliest clock replaces it. */
  async function clockKeeper(): Promise<void> {
    const upcoming = () => nextClock(current(), snapshot().policy, fired);
    while (!stopping) {
      const clock = upcoming();
      if (!clock) {
        await condition(() => stopping || upcoming() !== undefined);
        continue;
      }
      const wait = Date.parse(clock.at) - Date.now();
      if (wait > 0 && (await condition(() => stopping || upcoming()?.key !== clock.key, wait))) continue;
      const { state: next, notice } = fireClock(current(), clock);
      state = next;
      fired = [...stillFired(next, snapshot().policy, fired), clock.key];
      enqueue([notice]);
      unpublished = true;
    }
  }

  /** Publishes the state's search attributes and current details once an activation's changes are in. */
  async function publisher(): Promise<void> {
    for (;;) {
      await condition(() => unpublished || stopping);
      if (unpublished) {
        unpublished = false;
        publish();
      }
      if (stopping) return;
    }
  }

  /**
   * Hands each new state to the read model, the latest when several changed meanwhile (the state
   * is never changed in place, so identity says whether it changed). A state an update returned is
   * recorded by the update's caller, so that no decision waits on the read model; the concern
   * records the rest (deliveries, clocks, a run that continues) and, with the next of them, any
   * decision before. The version is the workflow time: a later state has a later or equal one, and
   * the store keeps the newest.
   */
  async function recorder(): Promise<void> {
    let attempted: ConcernState | undefined;
    const changed = () => state !== undefined && state !== attempted && state !== answered;
    for (;;) {
      await condition(() => changed() || stopping);
      if (state !== undefined && changed()) {
        attempted = state;
        try {
          await recordState({ version: Date.now(), state });
        } catch (err) {
          log.warn('read model not updated', { ref: state.ref, error: (err as Error).message });
        }
        continue;
      }
      return;
    }
  }

  /**
   * Search attributes change only when something listings read changes (each change is a history
   * event); the current details, which cost nothing, follow every change.
   */
  function publish(): void {
    if (!state || !config) return;
    const now = new Date().toISOString();
    const attributes = workflowInfo().typedSearchAttributes;
    const changed = searchAttributesOf(state, config, now).filter(
      ({ key, value }) => !sameValue(attributes.get(key), value),
    );
    if (changed.length > 0) upsertSearchAttributes(changed);
    setCurrentDetails(currentDetailsOf(state, config.policy, now));
  }
}

/** The input, parsed; refused, the run fails with the reason. */
function checked(given: unknown): ConcernInput {
  const marker = refusedPayloadReason(given);
  if (marker) throw refused(`input refused: ${marker}`);
  const parsed = checkInput(given);
  if (!parsed.ok) throw refused(`input refused: ${parsed.reason}`);
  return parsed.value as ConcernInput;
}

function refused(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSED, message: reason, nonRetryable: true });
}

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? (a as Date | undefined)?.getTime() === (b as Date | null)?.getTime()
    : a === b;
