// Data private at rest: the AES-256-GCM payload codec, its key file and rotation, and the codec
// server the Temporal UI uses. (Keys rotating under a running concern: tests/codec.test.ts.)
import type { Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmCodec, ENCODING, type CodecKeys } from '../../codec/aes-gcm';
import { codecKeys, requireCodecKeys, rotateKeyFile } from '../../codec/keys';
import { defaultKeyFile } from '../../config/env';
import { PROJECT_ROOT } from '../../config/paths';
import { codecServerCodec, startCodecServer } from '../../codec/server';

const key = () => new Uint8Array(randomBytes(32));
const payload = (text: string): Payload => ({
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode(JSON.stringify(text)),
});
const textOf = (p: Payload) => JSON.parse(new TextDecoder().decode(p.data)) as string;

describe('the payload codec', () => {
  const k1: CodecKeys = { current: 'k1', keys: new Map([['k1', key()]]) };

  it('encrypts with the current key, names it, and decrypts', async () => {
    const codec = new AesGcmCodec(k1);
    const [sealed] = await codec.encode([payload('Royal London Hospital')]);
    expect(new TextDecoder().decode(sealed.metadata!.encoding)).toBe(ENCODING);
    expect(new TextDecoder().decode(sealed.metadata!['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('Royal London');
    expect(textOf((await codec.decode([sealed]))[0])).toBe('Royal London Hospital');
  });

  it('rotates: a new key encrypts, the old one still decrypts, and a missing key is named', async () => {
    const [old] = await new AesGcmCodec(k1).encode([payload('before')]);
    const rotated = new AesGcmCodec({ current: 'k2', keys: new Map([...k1.keys, ['k2', key()]]) });
    const [fresh] = await rotated.encode([payload('after')]);
    expect(new TextDecoder().decode(fresh.metadata!['encryption-key-id'])).toBe('k2');
    expect((await rotated.decode([old, fresh])).map(textOf)).toEqual(['before', 'after']);
    await expect(new AesGcmCodec(k1).decode([fresh])).rejects.toThrow(
      "payload 1 refused: encrypted with key 'k2', which is not one of this system's keys",
    );
  });

  it('fails closed: plaintext, an unknown key, a short or tampered payload are refused, naming the workflow and the payload', async () => {
    const context = { type: 'workflow' as const, namespace: 'default', workflowId: 'concern-X' };
    const [sealed] = await new AesGcmCodec(k1).encode([payload('x')]);
    const tampered = { ...sealed, data: Uint8Array.from(sealed.data!) };
    tampered.data[20] ^= 1;
    const short = { ...sealed, data: sealed.data!.slice(0, 20) };
    // Key ids are looked up in a Map: an id that names a member of every object finds nothing.
    const proto = {
      ...sealed,
      metadata: { ...sealed.metadata, 'encryption-key-id': new TextEncoder().encode('__proto__') },
    };
    const codec = new AesGcmCodec(k1);
    await expect(codec.decode([sealed, payload('plain')], context)).rejects.toThrow(
      'payload 2 of workflow concern-X refused: not encrypted (encoding json/plain); only payloads encrypted with a known key are accepted',
    );
    await expect(codec.decode([tampered], context)).rejects.toThrow(
      "payload 1 of workflow concern-X refused: does not authenticate with key 'k1' (changed or damaged)",
    );
    await expect(codec.decode([short], context)).rejects.toThrow(
      'payload 1 of workflow concern-X refused: too short to be encrypted (20 bytes)',
    );
    await expect(codec.decode([proto], context)).rejects.toThrow(
      "encrypted with key '__proto__', which is not one of this system's keys",
    );
    // The worker's codec hands the workflow a marker instead, and reports the line.
    const lines: string[] = [];
    const marking = new AesGcmCodec(k1, { onRefused: 'mark', report: (line) => lines.push(line) });
    const [marker] = await marking.decode([payload('plain')], context);
    expect(JSON.parse(new TextDecoder().decode(marker.data))).toEqual({ isfRefusedPayload: lines[0] });
    expect(lines).toEqual([
      'payload 1 of workflow concern-X refused: not encrypted (encoding json/plain); only payloads encrypted with a known key are accepted',
    ]);
  });

  it('reads keys from a file readable by its owner alone, never from the repository', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'isf-codec-')), 'codec-keys.json');
    const first = rotateKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = rotateKeyFile(file);
    const keys = codecKeys({ ISF_CODEC_KEY_FILE: file });
    expect(keys?.current).toBe(second);
    expect([...keys!.keys.keys()]).toEqual([first, second]);
    expect(codecKeys({ ISF_DATA_DIR: join(tmpdir(), 'none-here') })).toBeNull();
    expect(() => requireCodecKeys({ ISF_DATA_DIR: join(tmpdir(), 'none-here') })).toThrow(
      `no payload encryption keys: set ISF_CODEC_KEYS or ISF_CODEC_KEY_FILE, or run npm start once to make ${join(tmpdir(), 'none-here', 'codec-keys.json')}`,
    );
    // A relative ISF_DATA_DIR is taken from the project, wherever the command runs.
    expect(defaultKeyFile({ ISF_DATA_DIR: 'somewhere' })).toBe(join(PROJECT_ROOT, 'somewhere', 'codec-keys.json'));
    const k1 = Buffer.from(key()).toString('base64');
    writeFileSync(file, JSON.stringify({ current: 'k9', keys: { k1 } }));
    expect(() => codecKeys({ ISF_CODEC_KEY_FILE: file })).toThrow(`${file}: current: must name one of the keys`);
    expect(codecKeys({ ISF_CODEC_KEYS: readFileSync(file, 'utf8').replace('k9', 'k1') })?.current).toBe('k1');
    expect(() => codecKeys({ ISF_CODEC_KEYS: JSON.stringify({ current: 'k1', keys: { k1: 'AAAA' } }) })).toThrow(
      'ISF_CODEC_KEYS: keys.k1: must be 32 bytes, base64 (got 3)',
    );
  });
});

describe('the codec server', () => {
  it("decodes for the UI's origin with the token, and for nobody else", async () => {
    const keys: CodecKeys = { current: 'k1', keys: new Map([['k1', key()]]) };
    const codec = new AesGcmCodec(keys);
    const server = await startCodecServer({
      codec: codecServerCodec(keys),
      token: 'secret-token',
      allowedOrigins: ['http://127.0.0.1:8233'],
    });
    try {
      const [sealed] = await codec.encode([payload('St Mary’s Hospital')]);
      const body = JSON.stringify({
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(sealed.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
            ),
            data: Buffer.from(sealed.data!).toString('base64'),
          },
        ],
      });
      const post = (url: string, origin?: string) =>
        fetch(url, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        });
      const ok = await post(`${server.endpoint}/decode`, 'http://127.0.0.1:8233');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
      const decoded = (await ok.json()) as { payloads: { data: string }[] };
      expect(JSON.parse(Buffer.from(decoded.payloads[0].data, 'base64').toString('utf8'))).toBe('St Mary’s Hospital');
      // Fails closed here too: a payload not encrypted with a known key comes back as a refusal in
      // its place, never as it is; SDK core's own markers (a patch's name) pass.
      const plainPayload = (text: string) => ({
        metadata: { encoding: Buffer.from('json/plain').toString('base64') },
        data: Buffer.from(text).toString('base64'),
      });
      const plain = await fetch(`${server.endpoint}/decode`, {
        method: 'POST',
        body: JSON.stringify({
          payloads: [plainPayload('"forged: category 4"'), plainPayload('{"id":"input-checks","deprecated":false}')],
        }),
        headers: { 'content-type': 'application/json' },
      });
      expect(plain.status).toBe(200);
      const answered = ((await plain.json()) as { payloads: { data: string }[] }).payloads.map(
        (p) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')) as unknown,
      );
      expect(answered).toEqual([
        { isfRefusedPayload: expect.stringMatching(/^payload 1 refused: not encrypted/) as unknown },
        { id: 'input-checks', deprecated: false },
      ]);
      expect((await post(`${server.endpoint}/decode`, 'http://evil.example')).status).toBe(403);
      expect((await post(`http://127.0.0.1:${server.port}/wrong-token/decode`)).status).toBe(401);
      expect((await post(`http://127.0.0.1:${server.port}/decode`)).status).toBe(401);
      const preflight = await fetch(`${server.endpoint}/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'http://127.0.0.1:8233' },
      });
      expect([preflight.status, preflight.headers.get('access-control-allow-headers')]).toEqual([
        204,
        'content-type, x-namespace, authorization',
      ]);
    } finally {
      await server.close();
    }
  });
});
