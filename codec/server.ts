// The codec server: lets the Temporal UI (and `temporal --codec-endpoint`) show decrypted payloads
// to operators. POST <base>/decode and <base>/encode with {"payloads": [...]}, payloads as the
// JSON form of temporal.api.common.v1.Payload. It answers only the UI's origin, and only with the
// token: in the path (<base> = /<token>, so the UI needs no extra header) or as a bearer token.
import type { PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { AesGcmCodec, type CodecKeys } from './aes-gcm';
import { isCoreMarkerData } from './core-markers';

export interface CodecServerOptions {
  codec: PayloadCodec;
  token: string;
  /** The browser origins allowed to call (the Temporal UI), e.g. http://127.0.0.1:8233. */
  allowedOrigins: string[];
  port?: number;
  host?: string;
}

export interface RunningCodecServer {
  /** What to give the UI as its codec endpoint: includes the token. */
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;
const Payloads = temporal.api.common.v1.Payloads;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function codecHandler(options: CodecServerOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && options.allowedOrigins.includes(origin);
    const cors = allowed
      ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' }
      : {};
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...cors });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    // A browser page from anywhere else gets nothing; tools without an Origin (the CLI) may call with the token.
    if (origin !== undefined && !allowed) return send(403, { message: 'origin not allowed' });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, x-namespace, authorization',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://codec').pathname;
    const match = /^(?:\/([^/]+))?\/(encode|decode)$/.exec(path);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = match?.[1] ?? bearer;
    if (!match) return send(404, { message: 'POST /<token>/decode or /<token>/encode' });
    if (!token || !same(token, options.token)) return send(401, { message: 'token required' });
    if (req.method !== 'POST') return send(405, { message: 'POST only' });
    try {
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const payloads = Payloads.fromObject(body).payloads;
      const out = match[2] === 'decode' ? await options.codec.decode(payloads) : await options.codec.encode(payloads);
      send(200, Payloads.toObject(Payloads.create({ payloads: out }), { bytes: String }));
    } catch (err) {
      send(400, { message: err instanceof Error ? err.message : String(err) });
    }
  };
}

/**
 * The codec the server decodes with: it fails closed without failing the page. A payload not
 * encrypted with a known key comes back as a refusal in its place (so the UI shows the refusal, not
 * the payload, and the rest of the history still decodes); SDK core's own unencrypted markers pass.
 */
export function codecServerCodec(keys: CodecKeys, report?: (line: string) => void): AesGcmCodec {
  return new AesGcmCodec(keys, { onRefused: 'mark', passThrough: isCoreMarkerData, ...(report ? { report } : {}) });
}

export async function startCodecServer(options: CodecServerOptions): Promise<RunningCodecServer> {
  const handler = codecHandler(options);
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}/${options.token}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
