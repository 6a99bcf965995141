// Connects the admin script to Temporal, failing fast with exit code 4 when nobody answers.
import { Client, Connection } from '@temporalio/client';
import { environment } from '../config/env';
import { CliError, EXIT } from './errors';

export interface Connected {
  client: Client;
  connection: Connection;
  address: string;
}

export async function connect(env = environment()): Promise<Connected> {
  try {
    const connection = await Connection.connect({ address: env.temporalAddress, connectTimeout: '5s' });
    return { client: new Client({ connection, namespace: env.namespace }), connection, address: env.temporalAddress };
  } catch (err) {
    throw new CliError(EXIT.unavailable, `cannot reach Temporal at ${env.temporalAddress}: ${(err as Error).message}`);
  }
}
