// Connects the admin script to Temporal, failing fast with exit code 4 when nobody answers.
import { Client, Connection } from '@temporalio/client';
import { temporalTarget } from '../config/connection';
import { dataConverter } from '../codec/data-converter';
import { CliError, EXIT } from './errors';

export interface Connected {
  client: Client;
  connection: Connection;
  address: string;
}

export async function connect(): Promise<Connected> {
  const target = temporalTarget();
  let converter;
  try {
    converter = dataConverter();
  } catch (err) {
    throw new CliError(EXIT.refused, `codec keys: ${(err as Error).message}`);
  }
  try {
    const connection = await Connection.connect({ ...target.client, connectTimeout: '5s' });
    return { client: new Client({ connection, namespace: target.namespace, dataConverter: converter }), connection, address: target.address };
  } catch (err) {
    throw new CliError(EXIT.unavailable, `cannot reach Temporal at ${target.address}: ${(err as Error).message}`);
  }
}
