// How to reach Temporal: a Temporal environment-configuration profile (TEMPORAL_PROFILE,
// TEMPORAL_CONFIG_FILE) and the usual variables (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
// TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH / _KEY_PATH,
// TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME…), read by @temporalio/envconfig.
// Secrets stay in here: nothing but the address and the namespace is ever printed.
import type { ConnectionOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { DEFAULT_TEMPORAL_ADDRESS } from './defaults';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** For the admin script's client connection. */
  client: ConnectionOptions;
  /** For the worker's native connection. */
  native: NativeConnectionOptions;
}

export function temporalTarget(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  const loaded = loadClientConnectConfig({ overrideEnvVars });
  const address = loaded.connectionOptions.address || DEFAULT_TEMPORAL_ADDRESS;
  const { tls, apiKey, metadata } = loaded.connectionOptions;
  const common = {
    address,
    ...(tls !== undefined ? { tls } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(metadata ? { metadata } : {}),
  };
  return {
    address,
    namespace: loaded.namespace || 'default',
    client: common,
    native: common,
  };
}
