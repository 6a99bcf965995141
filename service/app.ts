// The ISF service: the only thing people's `isf` talks to. It holds the Temporal connection and the
// payload keys; people hold only their signing keys. Every request but /health, the API document
// and the problem pages is signed by its sender (service/auth.ts); decisions pass through as their
// deciders signed them, and the workflow verifies them; reads are scoped to the regions each
// person may read. Built on Fastify, with the request and answer schemas in api/schemas.ts, from
// which GET /openapi.json is generated.
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyReply } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROBLEMS, problem, type Problem, type ProblemType } from '../api/problems';
import * as api from '../api/schemas';
import { ConcernClient } from '../client/concerns';
import { checkHealth } from '../client/health';
import { CliError } from '../client/errors';
import type { ConfigUser } from '../config/schema';
import { durationMs } from '../config/durations';
import { readableRegions } from '../policy';
import {
  PROBLEM_OF_EXIT,
  PROBLEM_RESPONSES,
  ProblemError,
  fail,
  type RouteContext,
  type ServiceApp,
  type ServiceDeps,
} from './context';

export type { ServiceApp, ServiceDeps } from './context';
import { requestVerifier, type SignedRequest } from './auth';
import { concernRoutes } from './routes/concerns';
import { readRoutes } from './routes/reads';

declare module 'fastify' {
  interface FastifyRequest {
    /** The person who signed the request. */
    user?: ConfigUser;
    /** The body exactly as sent: its digest is signed, and decisions pass on unchanged. */
    rawBody?: Buffer;
  }
  interface FastifyContextConfig {
    /** Answered without a signature. */
    public?: boolean;
  }
}

/** Problems are written as they are, with their own media type. */
function sendProblem(reply: Pick<FastifyReply, 'code'>, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').serializer(JSON.stringify).send(p);
}

export async function buildService(deps: ServiceDeps): Promise<ServiceApp> {
  const app = Fastify({
    logger: deps.logger ?? false,
    ...(deps.https ? { https: deps.https } : {}),
    // A decision is at most policy.maxDecisionBytes; the largest body is an opening or a decision.
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // The raw body is kept: its Content-Digest is under the signature, and decisions pass on unchanged.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(new ProblemError(problem('invalid', 'body: not JSON')), undefined);
    }
  });

  const verify = requestVerifier({
    users: () => deps.config().users,
    maxAgeMs: () => durationMs(deps.config().security.signatureMaxAge),
  });
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.public) return;
    const signed: SignedRequest = {
      method: request.method,
      url: `${request.protocol}://${request.host}${request.url}`,
      headers: request.headers,
      ...(request.rawBody ? { body: request.rawBody } : {}),
    };
    const outcome = await verify(signed);
    if (!outcome.ok) {
      deps.metrics?.authFailures.inc({ reason: outcome.reason });
      throw new ProblemError(outcome.problem);
    }
    request.user = outcome.user;
    request.log = request.log.child({ user: outcome.user.id });
  });

  await app.register(fastifyRateLimit, {
    hook: 'preValidation',
    max: () => deps.config().service.requestsPerMinute,
    timeWindow: '1 minute',
    // Per person, once signed; the public routes per address.
    keyGenerator: (request) => request.user?.id ?? request.ip,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        problem(
          'too-many-requests',
          `too many requests: at most ${context.max} a minute each; try again in ${Math.ceil(context.ttl / 1000)} s`,
        ),
      ),
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ISF concerns service',
        version: '1',
        description:
          'Concerns about clinical learning environments under the Intensive Support Framework. Every request but /health and this document is signed by its sender as an HTTP Message Signature (RFC 9421, alg ed25519, keyid the user id) over @method, @path, @query and, with a body, its Content-Digest (RFC 9530), with created and nonce. Decisions are signed payloads that pass to the concern unchanged.',
      },
      components: {
        securitySchemes: {
          httpMessageSignature: {
            type: 'http',
            scheme: 'signature',
            description: 'RFC 9421 HTTP Message Signature, Ed25519',
          },
        },
      },
      security: [{ httpMessageSignature: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof ProblemError) return sendProblem(reply, err.problem);
    if (err instanceof CliError)
      return sendProblem(reply, problem(PROBLEM_OF_EXIT[err.exitCode] ?? 'refused', err.message));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext === 'body' ? '' : `${err.validationContext}.`;
      const first = err.validation[0];
      const field = `${where}${first.instancePath.replace(/^\//, '').replace(/\//g, '.')}`.replace(/\.$/, '');
      return sendProblem(reply, problem('invalid', `${field || 'request'}: ${first.message ?? 'is not valid'}`));
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) return sendProblem(reply, problem('invalid', 'body: too large'));
    if (status === 415) return sendProblem(reply, problem('invalid', 'content-type: send application/json'));
    if (status !== undefined && status >= 400 && status < 500)
      return sendProblem(reply, problem('invalid', (err as Error).message));
    if (isResponseSerializationError(err))
      request.log.error({ issues: err.cause.issues }, 'answer does not match its schema');
    else request.log.error({ err }, 'request failed');
    return sendProblem(reply, {
      type: 'about:blank',
      title: 'Internal error',
      status: 500,
      detail: 'the service failed; see its log',
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem('not-found', `no such address: ${request.method} ${request.url.split('?')[0]}`)),
  );

  if (deps.metrics) {
    const metrics = deps.metrics;
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unknown';
      metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
  }

  // What a decision returns is recorded in the read model at once: lists read what was just decided.
  const concerns = new ConcernClient(deps.client, deps.timeoutMs, {
    readModel: deps.readModel,
    failed: (ref, err) =>
      app.log.warn({ ref, error: err instanceof Error ? err.message : String(err) }, 'read model not updated'),
  });
  const context: RouteContext = {
    deps,
    concerns,
    regionsFor(user, asked) {
      const readable = readableRegions(user);
      if (asked === undefined) return readable === 'all' ? undefined : readable;
      if (readable !== 'all' && !readable.includes(asked))
        fail('forbidden', `${user.id} may not read concerns of region ${asked}`);
      return [asked];
    },
    mayRead(user, region) {
      const readable = readableRegions(user);
      if (readable !== 'all' && !readable.includes(region))
        fail('forbidden', `${user.id} may not read concerns of region ${region}`);
    },
  };

  // Unsigned: the health check, the document, the problem types.
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Is everything a concern needs in place?',
        security: [],
        response: { 200: api.healthSchema, 503: api.healthSchema },
      },
    },
    async (_request, reply) => {
      const checks = [
        { name: 'service' as const, ok: true, detail: 'answering' },
        ...(await checkHealth(deps.client, deps.connection, deps.temporalAddress)),
      ];
      const ok = checks.every((c) => c.ok);
      return reply.code(ok ? 200 : 503).send({ ok, checks });
    },
  );
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  app.get(
    '/problems/:type',
    {
      config: { public: true },
      schema: {
        summary: 'What a problem type means',
        security: [],
        params: z.object({ type: z.enum(Object.keys(PROBLEMS) as [ProblemType, ...ProblemType[]]) }).strict(),
        response: {
          200: z.object({ type: z.string(), title: z.string(), status: z.number().int() }).strict(),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    (request) => {
      const { title, status } = PROBLEMS[request.params.type];
      return { type: `/problems/${request.params.type}`, title, status };
    },
  );

  concernRoutes(app, context);
  readRoutes(app, context);
  return app;
}
