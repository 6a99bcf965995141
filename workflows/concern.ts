// One long-lived workflow per concern. It orchestrates: the rules are in concern/decide.ts and
// policy/; the mail goes out through activities; the state is plain JSON carried across runs.
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  log,
} from '@temporalio/workflow';
import type { Activities, NoticeSubject } from '../activities';
import { decide, openConcern, type DecisionContext, type Notice, type Outcome } from '../concern/decide';
import type { ConfigSnapshot } from '../concern/directory';
import { DECISION_KINDS } from '../concern/inputs';
import type { ConcernState } from '../concern/state';
import {
  DECISION_UPDATES,
  REFUSED,
  configChangedSignal,
  openUpdate,
  stateQuery,
  type ConcernInput,
  type QueuedNotice,
} from './messages';
import { searchAttributesOf } from './search-attributes';

const { sendNotification } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A mail server that is down comes back: retry with backoff, without a limit. Addresses that
  // are refused for good come back as failures, not as errors, so they do not retry forever.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const { loadConfigSnapshot } = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds' });

function refused(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSED, message: reason, nonRetryable: true });
}

function subjectOf(state: ConcernState): NoticeSubject {
  const { ref, title, region, provider, site, professions, learners, contacts, category, categoryStatus, risk } = state;
  return { ref, title, region, provider, site, professions, learners, contacts, category, categoryStatus, risk };
}

export async function concern(input: ConcernInput): Promise<ConcernState> {
  let state: ConcernState | undefined;
  let config: ConfigSnapshot | undefined;
  let openingRefusal: string | undefined;
  let outbox: QueuedNotice[] = [];
  let lastSeq = 0;
  let configStale = false;

  const context = (): DecisionContext => {
    if (!config) throw refused('the concern is still opening; try again in a moment');
    return { now: new Date().toISOString(), directory: config.directory, policy: config.policy };
  };

  const current = (): ConcernState => {
    if (!state) throw refused('the concern is still opening; try again in a moment');
    return state;
  };

  function enqueue(notices: Notice[]): void {
    for (const notice of notices) outbox.push({ seq: ++lastSeq, notice });
  }

  /** Search attributes change only when something operators filter on changes. */
  function publish(): void {
    if (!state || !config) return;
    const now = workflowInfo().typedSearchAttributes;
    const changed = searchAttributesOf(state, config.version).filter(({ key, value }) => now.get(key) !== value);
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  function commit(outcome: Extract<Outcome, { ok: true }>): ConcernState {
    state = outcome.state;
    enqueue(outcome.notices);
    publish();
    return state;
  }

  setHandler(stateQuery, current);

  setHandler(openUpdate, async () => {
    await condition(() => state !== undefined || openingRefusal !== undefined);
    if (openingRefusal !== undefined) throw refused(openingRefusal);
    return current();
  });

  for (const kind of DECISION_KINDS) {
    const attempt = (payload: unknown): Extract<Outcome, { ok: true }> => {
      const outcome = decide(current(), kind, payload, context());
      if (!outcome.ok) throw refused(outcome.reason);
      return outcome;
    };
    setHandler(DECISION_UPDATES[kind], (payload: unknown) => commit(attempt(payload)), {
      // Refusals happen here, so they never reach the history.
      validator: (payload: unknown) => void attempt(payload),
    });
  }

  setHandler(configChangedSignal, () => {
    configStale = true;
  });

  if (input.kind === 'continued') {
    ({ state, config, outbox, lastSeq } = input.carried);
  } else {
    config = await loadConfigSnapshot();
    const opened = openConcern(input.opening, context());
    if (!opened.ok) {
      openingRefusal = opened.reason;
      await condition(allHandlersFinished);
      // A failed run leaves the ref free for a corrected opening (id reuse: failed only).
      throw refused(`opening refused: ${opened.reason}`);
    }
    commit(opened);
  }

  for (;;) {
    const done = () => current().stage === 'closed' && outbox.length === 0;
    await condition(
      () => outbox.length > 0 || configStale || done() || workflowInfo().continueAsNewSuggested,
    );

    if (configStale) {
      configStale = false;
      const fresh = await loadConfigSnapshot();
      if (fresh.version !== config.version) {
        log.info('configuration changed', { ref: current().ref, from: config.version, to: fresh.version });
        config = fresh;
        publish();
      }
    }

    while (outbox.length > 0) {
      const { seq, notice } = outbox[0];
      const result = await sendNotification({ seq, concern: subjectOf(current()), notice });
      const at = new Date().toISOString();
      const now = current();
      state = {
        ...now,
        notifications: [
          ...now.notifications,
          { event: notice.event, category: notice.category, roles: notice.roles, recipients: result.recipients, messageId: result.messageId, at },
        ],
        undeliverable: [...now.undeliverable, ...result.failures.map((f) => ({ event: notice.event, ...f, at }))],
      };
      outbox.shift();
      // Nobody is silently left out: the region's quality team hears of every failure, once.
      if (result.failures.length > 0 && notice.event !== 'undeliverable') {
        enqueue([{ event: 'undeliverable', roles: ['quality-team'], category: now.category, about: notice.event, failures: result.failures }]);
      }
    }

    if (done()) {
      await condition(allHandlersFinished);
      if (done()) return current();
    }

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof concern>({ kind: 'continued', carried: { state: current(), config, outbox, lastSeq } });
    }
  }
}
