// The service's Prometheus metrics, named as the worker's are (isf_…), served on their own port
// (ISF_SERVICE_METRICS_PORT, default 9465) so that scraping needs no signature.
import { createServer, type Server } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  authFailures: Counter<'reason'>;
}

export function serviceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'isf_service_' });
  return {
    registry,
    requests: new Counter({
      name: 'isf_service_requests',
      help: 'Requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'isf_service_request_seconds',
      help: 'Time to answer a request',
      labelNames: ['method', 'route'],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'isf_service_auth_failures',
      help: 'Requests refused for their signature: unsigned, bad, stale or replayed',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}

/** GET /metrics on its own port. */
export async function serveMetrics(metrics: ServiceMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
