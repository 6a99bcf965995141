// Payload keys rotating under a running concern, on the dev server: old payloads decrypt with the
// old key while the new one encrypts. (The codec and its server alone: tests/unit/codec.test.ts.)
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { ConcernClient } from '../client/concerns';
import { AesGcmCodec, type CodecKeys } from '../codec/aes-gcm';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';
import { concernWorkflowId } from '../workflows/names';
import { createIsfWorker } from '../worker/create';
import { exampleConfig, opening } from './support/fixtures';
import { TestInbox } from './support/inbox';
import { bundleWorkflows, startServer } from './support/temporal';
import { isf } from './support/processes';
import { codecKeys } from '../codec/keys';
import { sqliteReadModel } from '../reads/open';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const key = () => new Uint8Array(randomBytes(32));

describe('rotating keys under a running concern', () => {
  it('keeps the concern working: old payloads decrypt with the old key while the new one encrypts', async () => {
    const env = await startServer('dev server');
    const inbox = await TestInbox.start();
    const bundle = await bundleWorkflows();
    const dir = mkdtempSync(join(tmpdir(), 'isf-codec-'));
    try {
      const k1: CodecKeys = { current: 'k1', keys: new Map([['k1', key()]]) };
      const k2: CodecKeys = { current: 'k2', keys: new Map([...k1.keys, ['k2', key()]]) };
      const converter = (keys: CodecKeys) => ({
        payloadCodecs: [new AesGcmCodec(keys)],
        failureConverterPath: FAILURE_CONVERTER_PATH,
      });
      const run = async (keys: CodecKeys, work: (concerns: ConcernClient, client: Client) => Promise<void>) => {
        const client = new Client({ connection: env.connection, dataConverter: converter(keys) });
        const readModel = sqliteReadModel(join(dir, `read-model-${keys.current}.sqlite`), [new AesGcmCodec(keys)]);
        const worker: Worker = await createIsfWorker({
          connection: env.nativeConnection,
          client,
          readModel,
          namespace: 'default',
          config: () => exampleConfig,
          smtpUrl: inbox.url,
          workflowBundle: bundle,
          dataConverter: converter(keys),
        });
        await worker.runUntil(work(new ConcernClient(client), client));
        await readModel.close();
      };
      const o = opening();
      await run(k1, async (concerns) => {
        await concerns.open(o);
      });
      await run(k2, async (concerns, client) => {
        const state = await concerns.decide(o.ref, 'confirm', { actor: 'ben.governance' });
        expect(state).toMatchObject({ ref: o.ref, categoryStatus: 'confirmed', title: o.title });
        const history = await client.workflow.getHandle(concernWorkflowId(o.ref)).fetchHistory();
        const keyIds = new Set(
          JSON.stringify(history)
            .match(/"encryption-key-id":"[^"]+"/g)
            ?.map((m) => Buffer.from(m.split('"')[3], 'base64').toString()),
        );
        expect([...keyIds].sort()).toEqual(['k1', 'k2']);
      });
    } finally {
      await inbox.close();
      await env.teardown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('isf codec keygen', () => {
  it('prints a new key set and codec token as .env lines for docker compose (isf codec keygen)', async () => {
    const ran = await isf(['codec', 'keygen'], {});
    expect(ran.code).toBe(0);
    // docker compose reads single-quoted .env values literally.
    const env: Record<string, string> = Object.fromEntries(
      ran.stdout
        .trim()
        .split('\n')
        .map((line) => /^(\w+)='?(.*?)'?$/.exec(line)!.slice(1, 3) as [string, string]),
    );
    expect(Object.keys(env)).toEqual(['ISF_CODEC_KEYS', 'ISF_CODEC_TOKEN']);
    const keys = codecKeys({ ISF_CODEC_KEYS: env.ISF_CODEC_KEYS });
    expect(keys!.keys.get(keys!.current)).toHaveLength(32);
    expect(env.ISF_CODEC_TOKEN).toMatch(/^[0-9a-f]{48}$/);
  });
});
