// What the service's routes share with the app that mounts them: its dependencies, the route
// context, problems as answers, and who signed a request. Apart from service/app.ts so that the
// routes and the app do not import each other.
import type { Client, Connection } from '@temporalio/client';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  FastifyServerOptions,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PROBLEMS, problem, type Problem, type ProblemType } from '../api/problems';
import * as api from '../api/schemas';
import type { ConcernClient } from '../client/concerns';
import type { ReadModel } from '../reads/model';
import { EXIT } from '../client/errors';
import type { z } from 'zod';
import type { ConcernState, concernStateSchema } from '../concern/state';
import type { Config, ConfigUser } from '../config/schema';
import type { ServiceMetrics } from './metrics';

export interface ServiceDeps {
  /** A client of the Temporal namespace, with the payload codec. */
  client: Client;
  /** Its connection, for the health check. */
  connection: Connection;
  /** Each concern's latest state: lists, registers, due lists, inboxes and the pack read it. */
  readModel: ReadModel;
  temporalAddress: string;
  /** The current configuration: users, their keys and regions, the policy. */
  config: () => Config;
  logger?: FastifyServerOptions['logger'];
  https?: { cert: Buffer; key: Buffer };
  metrics?: ServiceMetrics;
  /** How long a request waits for the worker (ISF_TIMEOUT_SECONDS). */
  timeoutMs?: number;
}

/** What every route needs: the concerns, the configuration, and who may read what. */
export interface RouteContext {
  deps: ServiceDeps;
  concerns: ConcernClient;
  /** The regions the signer may read, or undefined for all; one region asked for is checked. */
  regionsFor: (user: ConfigUser, asked?: string) => readonly string[] | undefined;
  /** Refuses (403) a concern of a region the signer may not read. */
  mayRead: (user: ConfigUser, region: string) => void;
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export const fail = (type: ProblemType, detail: string): never => {
  throw new ProblemError(problem(type, detail));
};

/** The admin script's exit codes (what the concern client throws) as problems. */
export const PROBLEM_OF_EXIT: Record<number, ProblemType> = {
  [EXIT.refused]: 'refused',
  [EXIT.usage]: 'invalid',
  [EXIT.notFound]: 'not-found',
  [EXIT.unavailable]: 'unavailable',
};

/** Every answer that is not a success, as the document declares it. */
export const PROBLEM_RESPONSES = Object.fromEntries(
  [...new Set([...Object.values(PROBLEMS).map((p) => p.status), 500])].map((status) => [
    status,
    {
      description: 'problem details (RFC 9457)',
      content: { 'application/problem+json': { schema: api.problemSchema } },
    },
  ]),
);

/** The service's Fastify instance with the zod type provider (typed as HTTP; HTTPS serves the same routes). */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The signer; present on every route that is not public. */
export function signer(request: Pick<FastifyRequest, 'user'>): ConfigUser {
  if (!request.user) fail('unsigned', 'unsigned request');
  return request.user!;
}

/** A decision's payload must be its signer's: nobody sends a decision in someone else's name. */
export function ownPayload(request: Pick<FastifyRequest, 'user'>, payload: unknown): Record<string, unknown> {
  const user = signer(request);
  const actor = (payload as { actor?: unknown } | null)?.actor;
  if (actor !== user.id)
    fail(
      'forbidden',
      `actor: ${String(actor)} is not the signer of this request (${user.id}); each person sends their own decisions`,
    );
  return payload as Record<string, unknown>;
}

/**
 * A concern's state as a reply. The state is read-only all the way down (concern/state.ts); Fastify's
 * zod types ask for the schema's plain output type, and a reply is only serialised, never changed.
 */
export const stateReply = (state: ConcernState): z.output<typeof concernStateSchema> =>
  state as z.output<typeof concernStateSchema>;
