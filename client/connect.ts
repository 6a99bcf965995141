// Connects the admin script to Temporal lazily: input is checked before anything is sent, so bad
// input is refused (exit 1) even when Temporal is down; a server that does not answer is exit 4.
import { Client, Connection } from '@temporalio/client';
import { temporalTarget } from '../config/connection';
import { dataConverter } from '../codec/data-converter';
import { CliError, EXIT } from './errors';

export interface Connected {
  client: Client;
  connection: Connection;
  address: string;
  namespace: string;
}

export function connect(): Connected {
  const target = temporalTarget();
  let converter;
  try {
    converter = dataConverter();
  } catch (err) {
    throw new CliError(EXIT.refused, `codec keys: ${(err as Error).message}`);
  }
  const connection = Connection.lazy({ ...target.client, connectTimeout: '5s' });
  return {
    client: new Client({ connection, namespace: target.namespace, dataConverter: converter }),
    connection,
    address: target.address,
    namespace: target.namespace,
  };
}

/**
 * When a command failed for want of an answer, says so plainly if Temporal cannot be reached at
 * all (whichever call met it first); otherwise leaves the error as it is.
 */
export async function unreachable(err: unknown, connected: Connected): Promise<CliError | undefined> {
  if (err instanceof CliError && err.exitCode !== EXIT.unavailable) return undefined;
  try {
    await connected.connection.ensureConnected();
    return undefined;
  } catch (cause) {
    return new CliError(
      EXIT.unavailable,
      `cannot reach Temporal at ${connected.address}: ${(cause as Error).message.split('\n')[0]}`,
    );
  }
}

/** Runs an operator command against Temporal, and closes the connection; an unreachable server is exit 4. */
export async function withTemporal<T>(fn: (connected: Connected) => Promise<T>): Promise<T> {
  const connected = connect();
  try {
    return await fn(connected);
  } catch (err) {
    throw (await unreachable(err, connected)) ?? err;
  } finally {
    await connected.connection.close().catch(() => undefined);
  }
}
