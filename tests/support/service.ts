// The ISF service for tests: built on a test stack's Temporal client and configuration, listening on
// a free port of its own, as `npm run service` would.
import type { FastifyServerOptions } from 'fastify';
import { buildService, type ServiceApp } from '../../service/app';
import type { TestStack } from './stack';

export interface TestService {
  app: ServiceApp;
  url: string;
  /** What `isf` needs to reach it: the service's address and nothing of Temporal's. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startService(
  stack: TestStack,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<TestService> {
  const app = await buildService({
    client: stack.client,
    readModel: stack.readModel,
    connection: stack.env.connection,
    temporalAddress: stack.env.connection.options.address,
    config: () => stack.config,
    timeoutMs: 10_000,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    env: { ISF_SERVICE_URL: url, TEMPORAL_ADDRESS: '127.0.0.1:1', ISF_CODEC_KEYS: '', ISF_CODEC_KEY_FILE: '' },
    stop: () => app.close(),
  };
}
