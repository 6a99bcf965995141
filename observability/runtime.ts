// The worker process's Temporal runtime: JSON logs at ISF_LOG_LEVEL (the Rust core's forwarded
// into the same stream) and the Prometheus endpoint at ISF_METRICS_HOST:ISF_METRICS_PORT/metrics,
// which serves the SDK's metrics and the system's own (observability/metric-names.ts).
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Environment } from '../config/env';
import { ConfigError } from '../config/load';
import { jsonLogger } from './logging';

export function installRuntime(env: Pick<Environment, 'logLevel' | 'metrics'>): Runtime {
  try {
    return install(env);
  } catch (err) {
    if (env.metrics && /address already in use/i.test(String(err))) {
      throw new ConfigError(
        `ISF_METRICS_PORT: ${env.metrics.host}:${env.metrics.port} is already in use (another worker on this machine?); give each worker its own port, or ISF_METRICS_PORT=off`,
      );
    }
    throw err;
  }
}

function install(env: Pick<Environment, 'logLevel' | 'metrics'>): Runtime {
  return Runtime.install({
    logger: jsonLogger(env.logLevel),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: env.logLevel }), forward: {} },
      ...(env.metrics ? { metrics: { prometheus: { bindAddress: `${env.metrics.host}:${env.metrics.port}` } } } : {}),
    },
  });
}
