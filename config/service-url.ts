// Where `isf` finds the ISF service. A module of its own so that the admin script reads it without
// loading the rest of the environment (Temporal's connection settings are the service's business).
export const DEFAULT_SERVICE_PORT = 8280;
export const DEFAULT_SERVICE_URL = `http://127.0.0.1:${DEFAULT_SERVICE_PORT}`;

/** ISF_SERVICE_URL, else the local service `npm start` runs. */
export function serviceUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISF_SERVICE_URL || DEFAULT_SERVICE_URL;
}
