// The admin script's only way to the concerns: the ISF service at ISF_SERVICE_URL, every request
// signed with the person's own key (api/signature.ts). No Temporal client, no payload keys.
// Light on purpose: `isf show` runs as a fresh process for every question a person asks.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomUUID, type KeyObject } from 'node:crypto';
import { httpbis } from 'http-message-signatures';
import { exitCodeOf, type Problem } from '../api/problems';
import {
  COVERED,
  COVERED_BODY,
  SIGNATURE_ALG,
  SIGNATURE_LABEL,
  SIGNATURE_PARAMS,
  contentDigest,
} from '../api/signature';
import { serviceUrl, timeoutMsOf } from '../config/env';
import { CliError, EXIT } from './errors';
import { privateKeyObject, privateKeyOf, signBytes } from './keys';

export interface ServiceRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Who signs: the person's user id. Absent only for the unsigned health check. */
  as?: string;
  timeoutMs?: number;
  /** Statuses whose body is the answer all the same (the health check's 503 carries its checks). */
  answers?: number[];
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeoutMs: number,
): Promise<Answer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { code: 'ETIMEDOUT' }),
      ),
    );
    req.on('error', reject);
    req.end(body);
  });
}

let signingKey: { user: string; key: KeyObject } | undefined;

function keyFor(user: string): KeyObject {
  if (signingKey?.user === user) return signingKey.key;
  const hex = privateKeyOf(user);
  if (!hex)
    throw new CliError(
      EXIT.refused,
      `no signing key for ${user}: make one with isf keys init --as ${user}, and have its public key put in the configuration`,
    );
  signingKey = { user, key: privateKeyObject(hex) };
  return signingKey.key;
}

/** Sends a request to the service, signed, and gives back its answer as JSON; a problem is a CliError with its exit code. */
export async function callService<T>(r: ServiceRequest): Promise<T> {
  const base = serviceUrl();
  const url = new URL(r.path, base);
  for (const [k, v] of Object.entries(r.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const body = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
  let headers: Record<string, string> = {
    accept: 'application/json',
    ...(body ? { 'content-type': 'application/json', 'content-digest': contentDigest(body) } : {}),
  };
  if (r.as) {
    const key = keyFor(r.as);
    const signed = await httpbis.signMessage(
      {
        key: { id: r.as, alg: SIGNATURE_ALG, sign: (data) => Promise.resolve(signBytes(data, key)) },
        name: SIGNATURE_LABEL,
        fields: body ? [...COVERED, COVERED_BODY] : [...COVERED],
        params: [...SIGNATURE_PARAMS],
        paramValues: { nonce: randomUUID() },
      },
      { method: r.method, url: url.toString(), headers },
    );
    headers = signed.headers;
  }
  let answer: Answer;
  try {
    answer = await send(url, r.method, headers, body, r.timeoutMs ?? timeoutMs());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new CliError(
      EXIT.unavailable,
      `cannot reach the ISF service at ${base}: ${code === 'ECONNREFUSED' ? 'nothing answers there (is npm start running? ISF_SERVICE_URL)' : (err as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    throw new CliError(
      EXIT.unavailable,
      `the ISF service at ${base} answered ${answer.status} with something that is not JSON`,
    );
  }
  if (answer.status >= 400 && !r.answers?.includes(answer.status)) {
    const problem = parsed as Partial<Problem> | undefined;
    const detail = typeof problem?.detail === 'string' ? problem.detail : `the service answered ${answer.status}`;
    throw new CliError(exitCodeOf(answer.status), detail);
  }
  return parsed as T;
}

/** ISF_TIMEOUT_SECONDS, a little longer than the service waits for the worker, so that its answer comes back. */
function timeoutMs(): number {
  return (timeoutMsOf() ?? 30_000) + 5_000;
}
