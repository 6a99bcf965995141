// Messages of the concern workflow, importable by the admin script without any worker code.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Notice } from '../concern/decide';
import type { ConfigSnapshot } from '../concern/directory';
import type {
  ChallengeInput,
  CloseInput,
  ConfirmInput,
  DecisionKind,
  OpeningInput,
  ProposeInput,
  RateInput,
  SignOffInput,
} from '../concern/inputs';
import type { ConcernState } from '../concern/state';

/** A notice waiting to be sent, numbered so that its Message-ID is the same on every retry. */
export interface QueuedNotice {
  seq: number;
  notice: Notice;
}

/** Everything a concern carries into its next run when it continues as new. */
export interface Carried {
  state: ConcernState;
  config: ConfigSnapshot;
  outbox: QueuedNotice[];
  lastSeq: number;
}

/** The workflow's start argument: a new concern, or one carried over by continue-as-new. */
export type ConcernInput = { kind: 'new'; opening: OpeningInput } | { kind: 'continued'; carried: Carried };

/** Sent with the start (update-with-start): returns once the opening is accepted or refused. */
export const openUpdate = defineUpdate<ConcernState, []>('open');

export const proposeUpdate = defineUpdate<ConcernState, [ProposeInput]>('propose');
export const confirmUpdate = defineUpdate<ConcernState, [ConfirmInput]>('confirm');
export const challengeUpdate = defineUpdate<ConcernState, [ChallengeInput]>('challenge');
export const signOffUpdate = defineUpdate<ConcernState, [SignOffInput]>('sign-off');
export const rateUpdate = defineUpdate<ConcernState, [RateInput]>('rate');
export const closeUpdate = defineUpdate<ConcernState, [CloseInput]>('close');

export const DECISION_UPDATES = {
  propose: proposeUpdate,
  confirm: confirmUpdate,
  challenge: challengeUpdate,
  'sign-off': signOffUpdate,
  rate: rateUpdate,
  close: closeUpdate,
} as const satisfies Record<DecisionKind, unknown>;

export const stateQuery = defineQuery<ConcernState>('state');

/** The worker's configuration changed: reload it before the next decision. */
export const configChangedSignal = defineSignal<[]>('config-changed');

/** Failure type of a refused opening or decision, so that clients can tell refusals from faults. */
export const REFUSED = 'IsfRefused';
