// The admin script's operations on concerns, over the Temporal client. Every payload is checked
// with the same zod schemas the workflow uses, before it is sent.
import { Client, WithStartWorkflowOperation, WorkflowFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { check } from '../concern/invalid';
import { DECISION_SCHEMAS, openingSchema, refSchema } from '../concern/inputs';
import type { DecisionInput, DecisionKind, OpeningInput } from '../concern/inputs';
import type { ConcernState } from '../concern/state';
import { DECISION_UPDATES, openUpdate } from '../workflows/messages';
import { CONCERN_WORKFLOW_TYPE, TASK_QUEUE, concernWorkflowId } from '../workflows/names';
import { IsfProvider, IsfRef, IsfRegion } from '../workflows/search-attributes';
import type { concern } from '../workflows';
import { staticDetailsOf, staticSummaryOf, type ConcernMemo } from '../workflows/details';
import { CliError, EXIT, notFoundError, refusedError, validated } from './errors';
import { isResourceExhausted, toCliError } from './temporal-errors';
import { setTimeout as sleep } from 'node:timers/promises';
import { signed } from './keys';
import { currentState } from '../reads/states';
import { changedAt, type ReadModel } from '../reads/model';
import { contactsProblem, controlCharacterProblem } from '../concern/admission';

/** Decisions that decide the pending proposal, and sign which one. */
const DECIDES_PROPOSAL: readonly DecisionKind[] = ['confirm', 'challenge', 'sign-off'];

/** Refused before anything is sent, as the workflow would refuse it at admission. */
function admissible(problem: string | null): void {
  if (problem) throw refusedError(problem);
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export type { ConcernListing } from '../api/schemas';

/** How a concern's workflow starts, whether opened by `isf open` or recreated by `isf import`. */
export function concernStartOptions(o: Parameters<typeof staticDetailsOf>[0] & Pick<OpeningInput, 'ref'>) {
  const memo: ConcernMemo = { title: o.title, site: o.site };
  return {
    workflowId: concernWorkflowId(o.ref),
    taskQueue: TASK_QUEUE,
    workflowIdConflictPolicy: 'FAIL' as const,
    typedSearchAttributes: [
      { key: IsfRef, value: o.ref },
      { key: IsfRegion, value: o.region },
      { key: IsfProvider, value: o.provider },
    ],
    // Titles and sites go in the memo and the workflow's details, encoded like every payload;
    // search attributes are never encoded, so they hold codes and numbers only.
    memo: { ...memo },
    staticSummary: staticSummaryOf(o),
    staticDetails: staticDetailsOf(o),
  };
}

/**
 * Where the state an opening or a decision returns is recorded at once (the service's read model),
 * so that lists read what was just decided; the concern records every other change itself.
 */
export interface Recorder {
  readModel: ReadModel;
  /** A record that failed: the decision stands, and the concern's next change records it. */
  failed?: (ref: string, err: unknown) => void;
}

export class ConcernClient {
  constructor(
    readonly client: Client,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    private readonly recorder?: Recorder,
  ) {}

  private async recorded(state: ConcernState): Promise<ConcernState> {
    if (this.recorder) {
      await this.recorder.readModel
        .record(state, changedAt(state))
        .catch((err: unknown) => this.recorder?.failed?.(state.ref, err));
    }
    return state;
  }

  /**
   * Runs a call that needs the worker, and says plainly when no worker answers. A concern takes a
   * limited number of decisions in flight at once (the server answers RESOURCE_EXHAUSTED beyond
   * it): those are retried with backoff until the deadline.
   */
  private async withWorker<T>(ref: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.client.withDeadline(deadline, fn);
      } catch (err) {
        if (isResourceExhausted(err) && Date.now() < deadline - 100) {
          await sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random()));
          continue;
        }
        const mapped = toCliError(err, ref);
        if (mapped.exitCode === EXIT.unavailable && (await this.workerPolls()) === false) {
          throw new CliError(
            EXIT.unavailable,
            `no worker is polling task queue ${TASK_QUEUE}: start one (npm start) and try again`,
          );
        }
        throw mapped;
      }
    }
  }

  /** True when a worker has polled the concern task queue recently; undefined when unknown. */
  async workerPolls(): Promise<boolean | undefined> {
    try {
      const { pollers } = await this.client.workflowService.describeTaskQueue({
        namespace: this.client.options.namespace,
        taskQueue: { name: TASK_QUEUE },
        taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
      });
      return (pollers?.length ?? 0) > 0;
    } catch {
      return undefined;
    }
  }

  /** Opens a concern as a person would (checked, then signed with their key): for tests and operators. */
  async open(input: OpeningInput, requestId: string = randomUUID()): Promise<ConcernState> {
    const opening = validated(check(openingSchema, { ...input, requestId }));
    admissible(controlCharacterProblem(input) ?? contactsProblem(opening.contacts));
    return this.openSigned(signed(opening.ref, 'open', opening, opening.actor));
  }

  /**
   * Opens a concern with an opening its decider has already signed, passed on unchanged (the ISF
   * service): its request id is the update id, so that a resent opening is taken once.
   */
  async openSigned(payload: unknown): Promise<ConcernState> {
    const opening = validated(check(openingSchema, payload));
    const requestId = opening.requestId ?? randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof concern>(CONCERN_WORKFLOW_TYPE, {
      ...concernStartOptions(opening),
      args: [{ kind: 'new', opening: payload as OpeningInput }],
      // A ref names one concern for good; only a refused opening (a failed run) frees it again.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    try {
      return await this.recorded(
        await this.withWorker(opening.ref, () =>
          this.client.workflow.executeUpdateWithStart(openUpdate, { startWorkflowOperation, updateId: requestId }),
        ),
      );
    } catch (err) {
      // Started but not yet processed: the opening is durable and waits for a worker.
      if (err instanceof CliError && err.exitCode === EXIT.unavailable && (await this.exists(opening.ref))) {
        throw new CliError(
          EXIT.unavailable,
          `${err.message}; the opening of ${opening.ref} is recorded and will be processed when a worker runs (check with isf show ${opening.ref})`,
        );
      }
      throw err;
    }
  }

  /** Takes a decision as a person would (checked, the pending proposal named, signed with their key): for tests and operators. */
  async decide<K extends DecisionKind>(
    ref: string,
    kind: K,
    input: DecisionInput<K>,
    requestId: string = randomUUID(),
  ): Promise<ConcernState> {
    validated(check(refSchema, ref, 'ref'));
    const checked = validated(check(DECISION_SCHEMAS[kind], { ...input, requestId })) as Record<string, unknown>;
    admissible(controlCharacterProblem(input));
    // A decision about a proposal signs which proposal it decides: the one pending now.
    // (With none pending, the workflow refuses it in its own words.)
    if (DECIDES_PROPOSAL.includes(kind) && checked.proposal === undefined) {
      const pending = await this.pendingProposal(ref);
      if (pending) checked.proposal = pending;
    }
    return this.decideSigned(ref, kind, signed(ref, kind, checked, input.actor));
  }

  /**
   * Passes a decision its decider has already signed to the concern, unchanged (the ISF service
   * cannot forge one): the workflow checks it. Its request id is the update id.
   */
  async decideSigned(ref: string, kind: DecisionKind, payload: Record<string, unknown>): Promise<ConcernState> {
    validated(check(refSchema, ref, 'ref'));
    const requestId = typeof payload.requestId === 'string' ? payload.requestId : randomUUID();
    const handle = this.client.workflow.getHandle(concernWorkflowId(ref));
    // One update per decision kind, all with the same shape: a payload in, the concern's state out.
    const update = DECISION_UPDATES[kind] as unknown as UpdateDefinition<ConcernState, [unknown]>;
    try {
      return await this.recorded(
        await this.withWorker(ref, () => handle.executeUpdate(update, { args: [payload], updateId: requestId })),
      );
    } catch (err) {
      if (err instanceof CliError && err.exitCode === EXIT.notFound) await this.explainMissing(ref);
      throw err;
    }
  }

  /** The region a concern belongs to, from visibility (no query, no worker needed); it must exist. */
  async regionOf(ref: string): Promise<string> {
    validated(check(refSchema, ref, 'ref'));
    try {
      const described = await this.client.withDeadline(Date.now() + this.timeoutMs, () =>
        this.client.workflow.getHandle(concernWorkflowId(ref)).describe(),
      );
      const region = described.typedSearchAttributes.get(IsfRegion);
      // A refused opening: show() says why there is no concern.
      if (described.status.name === 'FAILED') await this.show(ref);
      if (region === undefined || !['RUNNING', 'COMPLETED'].includes(described.status.name)) throw notFoundError(ref);
      return region;
    } catch (err) {
      throw toCliError(err, ref);
    }
  }

  /** The proposal pending on a concern, as a decision about it names it. */
  private async pendingProposal(ref: string): Promise<{ category: number; proposedAt: string } | undefined> {
    const { pending } = await this.show(ref);
    return pending ? { category: pending.category, proposedAt: pending.proposedAt } : undefined;
  }

  private async exists(ref: string): Promise<boolean> {
    try {
      await this.client.workflow.getHandle(concernWorkflowId(ref)).describe();
      return true;
    } catch {
      return false;
    }
  }

  /** An update to a closed concern reads as "not found"; say what really happened. */
  private async explainMissing(ref: string): Promise<never> {
    const state = await this.show(ref);
    if (state.stage === 'closed') throw refusedError(`${ref} is closed`);
    throw notFoundError(ref);
  }

  /**
   * A concern's state: a closed one's is its result, an open one is asked. `before` is told the
   * concern's region (from visibility) before anything of its state is read, and may refuse.
   */
  async show(ref: string, before: (region: string) => void = () => undefined): Promise<ConcernState> {
    validated(check(refSchema, ref, 'ref'));
    const handle = this.client.workflow.getHandle<typeof concern>(concernWorkflowId(ref));
    let described: Awaited<ReturnType<typeof handle.describe>>;
    try {
      described = await this.client.withDeadline(Date.now() + this.timeoutMs, () => handle.describe());
    } catch (err) {
      throw toCliError(err, ref);
    }
    const status = described.status.name;
    const region = described.typedSearchAttributes.get(IsfRegion);
    if (region !== undefined && status !== 'FAILED') before(region);
    if (status === 'COMPLETED') {
      // A closed concern's final state is its result: no worker needed to read it.
      return currentState(handle, false);
    }
    if (status === 'FAILED') {
      const reason = await handle.result().then(
        () => 'unknown',
        (err: unknown) => (err instanceof WorkflowFailedError && err.cause ? err.cause.message : String(err)),
      );
      throw new CliError(
        EXIT.notFound,
        `no concern '${ref}' (an opening with this ref was refused: ${reason.replace(/^opening refused: /, '')})`,
      );
    }
    return this.withWorker(ref, () => currentState(handle, true));
  }
}
