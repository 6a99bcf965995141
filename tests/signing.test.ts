// Decisions you can prove, on the dev server: signed decisions accepted and recorded; unsigned,
// badly signed, stale, replayed and out-of-region ones refused; `isf verify`; configuration changes
// reaching open concerns through `isf config apply`. (Signatures alone: tests/unit/signing.test.ts.)
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { applyConfig } from '../client/config-apply';
import { initKeys, privateKeyOf } from '../client/keys';
import { verifyAudit } from '../client/verify';
import { newKeyPair, signMessage, signedMessage } from '../concern/signing';
import { loadConfig, snapshotOf } from '../config/load';
import type { Config } from '../config/schema';
import { concernWorkflowId } from '../workflows/names';
import { IsfConfigVersion } from '../workflows/search-attributes';
import { passes } from './support/eventually';
import { exampleConfig, opening } from './support/fixtures';
import { startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';

const ben = { actor: 'ben.governance' };

describe('on the dev server', () => {
  let stack: TestStack;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    bundle = await bundleWorkflows();
    stack = await startStack('dev server', bundle);
  });
  afterAll(() => stack?.stop());

  const handle = (ref: string) => stack.client.workflow.getHandle(concernWorkflowId(ref));
  const raw = (ref: string, update: string, payload: object) =>
    handle(ref)
      .executeUpdate(update, { args: [payload] })
      .then(
        () => 'accepted',
        (e: Error) => (e.cause as Error | undefined)?.message ?? e.message,
      );
  const signedBy = (
    key: string,
    ref: string,
    action: string,
    payload: Record<string, unknown>,
    at = new Date().toISOString(),
    nonce: string = randomUUID(),
  ) => ({
    ...payload,
    signature: { at, nonce, value: signMessage(signedMessage(ref, action, payload, at, nonce), key) },
  });

  it('accepts decisions signed with the configured keys and records each signature', async () => {
    const o = opening();
    await stack.concerns.open(o);
    const state = await stack.concerns.decide(o.ref, 'confirm', ben);
    expect(state.audit.map((a) => [a.action, a.signature?.value.length])).toEqual([
      ['open', 128],
      ['confirm', 128],
    ]);
    const verification = verifyAudit(state, stack.config);
    expect([verification.verified, verification.decisions.map((d) => d.status)]).toEqual([
      true,
      ['verified', 'verified'],
    ]);
    // Each entry names the configuration it was checked against and the key that signed it, and is chained.
    expect(state.audit[1]).toMatchObject({
      configVersion: snapshotOf(stack.config).version,
      signaturesRequired: true,
      keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
    });
    expect(state.audit.map((a) => a.prevHash)).toEqual([null, expect.stringMatching(/^[0-9a-f]{64}$/)]);
    // What was signed is kept once, as the payload; the message is rebuilt from it.
    expect(state.audit[1].signature).toMatchObject({ payload: { actor: 'ben.governance', proposal: { category: 2 } } });
    expect(state.audit[1].signature).not.toHaveProperty('message');
    // With Ben's key replaced, his decision no longer verifies, and `isf verify` says which one;
    // with the old key kept as retired, it verifies again.
    const rekeyed: Config = structuredClone(stack.config);
    const benUser = rekeyed.users.find((u) => u.id === 'ben.governance')!;
    const oldKey = benUser.publicKey!;
    benUser.publicKey = newKeyPair().publicKey;
    const failed = verifyAudit(state, rekeyed);
    expect([failed.verified, failed.failed]).toEqual([false, [2]]);
    expect(failed.decisions[1].reason).toBe(
      `signed with key ${state.audit[1].keyFingerprint}, which is not one of ben.governance's configured keys`,
    );
    benUser.retiredKeys = [oldKey];
    expect(verifyAudit(state, rekeyed).verified).toBe(true);
  });

  it('refuses unsigned, badly signed, stale, replayed and out-of-region decisions, leaving the concern as it was', async () => {
    const o = opening();
    const before = await stack.concerns.open(o);
    const benKey = privateKeyOf('ben.governance')!;
    const payload = { actor: 'ben.governance', requestId: randomUUID() };
    expect(await raw(o.ref, 'confirm', payload)).toMatch(/^unsigned decision/);
    expect(await raw(o.ref, 'confirm', signedBy(newKeyPair().privateKey, o.ref, 'confirm', payload))).toBe(
      "bad signature: the decision does not verify against ben.governance's public key",
    );
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    expect(await raw(o.ref, 'confirm', signedBy(benKey, o.ref, 'confirm', payload, tenMinutesAgo))).toMatch(
      /^stale decision/,
    );
    const usedNonce = before.audit[0].signature!.nonce;
    expect(await raw(o.ref, 'confirm', signedBy(benKey, o.ref, 'confirm', payload, undefined, usedNonce))).toMatch(
      /^replayed decision/,
    );
    const miaKey = privateKeyOf('mia.governance')!;
    expect(
      await raw(
        o.ref,
        'confirm',
        signedBy(miaKey, o.ref, 'confirm', { actor: 'mia.governance', requestId: randomUUID() }),
      ),
    ).toBe('mia.governance acts as regional-governance for midlands, not for london');
    // A signature made for another concern does not carry over.
    const other = opening();
    await stack.concerns.open(other);
    expect(await raw(other.ref, 'confirm', signedBy(benKey, o.ref, 'confirm', payload))).toMatch(/^bad signature/);
    const after = await stack.concerns.show(o.ref);
    expect([after.audit, after.pending, after.categoryStatus]).toEqual([
      before.audit,
      before.pending,
      before.categoryStatus,
    ]);
    // A decision about a proposal must sign which proposal it decides.
    expect(await raw(o.ref, 'confirm', signedBy(benKey, o.ref, 'confirm', payload))).toMatch(
      /^proposal: name the proposal this decides \(category 2 proposed at /,
    );
    const proposal = { category: before.pending!.category, proposedAt: before.pending!.proposedAt };
    expect(
      await raw(
        o.ref,
        'confirm',
        signedBy(benKey, o.ref, 'confirm', {
          ...payload,
          proposal: { ...proposal, proposedAt: new Date(0).toISOString() },
        }),
      ),
    ).toMatch(
      /^proposal: this decides the proposal of category 2 made at 1970-01-01T00:00:00.000Z, but the pending one is category 2 proposed at /,
    );
    expect(await raw(o.ref, 'confirm', signedBy(benKey, o.ref, 'confirm', { ...payload, proposal }))).toBe('accepted');
  });

  it('refuses an opening signed with the wrong key', async () => {
    const o = { ...opening(), requestId: randomUUID() };
    const start = stack.client.workflow.start('concern', {
      workflowId: concernWorkflowId(o.ref),
      taskQueue: 'isf-concerns',
      args: [{ kind: 'new', opening: signedBy(newKeyPair().privateKey, o.ref, 'open', o) }],
    });
    const h = await start;
    await expect(h.result()).rejects.toMatchObject({
      cause: {
        message: "opening refused: bad signature: the decision does not verify against ana.quality's public key",
      },
    });
  });
});

describe('configuration changes reach open concerns', () => {
  let stack: TestStack;
  let file: string;

  beforeAll(async () => {
    const bundle = await bundleWorkflows();
    file = join(mkdtempSync(join(tmpdir(), 'isf-config-')), 'isf.yaml');
    writeFileSync(file, stringify(exampleConfig));
    stack = await startStack('dev server', bundle, { configFile: file });
  });
  afterAll(() => stack?.stop());

  it('applies a removed user, a changed region and a replaced key to every open concern within a minute of isf config apply', async () => {
    const a = opening();
    const b = opening();
    await stack.concerns.open(a);
    await stack.concerns.open(b);

    const next: Config = structuredClone(exampleConfig);
    next.users = next.users.filter((u) => u.id !== 'ben.governance');
    const hana = next.users.find((u) => u.id === 'hana.hoq')!;
    hana.regions = ['midlands'];
    const replaced = initKeys('mia.governance', true);
    next.users.find((u) => u.id === 'mia.governance')!.publicKey = replaced.publicKey;
    next.users.find((u) => u.id === 'mia.governance')!.regions = ['london', 'midlands'];
    await new Promise((r) => setTimeout(r, 1100)); // a new modification time
    writeFileSync(file, stringify(next));

    const applied = await applyConfig(stack.client, loadConfig(file));
    expect(applied.version).toBe(snapshotOf(loadConfig(file)).version);
    expect(applied.signalled).toBeGreaterThanOrEqual(2);

    const started = Date.now();
    // Each concern loads the new configuration by an activity, queued behind any mail it is sending:
    // it has it once its IsfConfigVersion says so.
    for (const { ref } of [a, b]) {
      await passes(
        async () =>
          expect(
            (await stack.client.workflow.getHandle(concernWorkflowId(ref)).describe()).typedSearchAttributes.get(
              IsfConfigVersion,
            ),
          ).toBe(applied.version),
        60_000,
      );
    }
    for (const { ref } of [a, b]) {
      let refusal = '';
      while (Date.now() - started < 60_000) {
        refusal = await stack.concerns.decide(ref, 'confirm', ben).then(
          () => '',
          (e: Error) => e.message,
        );
        if (refusal.startsWith("actor: unknown user 'ben.governance'")) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(refusal).toBe("actor: unknown user 'ben.governance' (not in the configuration)");
      await expect(stack.concerns.decide(ref, 'confirm', { actor: 'hana.hoq' })).rejects.toThrow(
        'hana.hoq acts as regional-governance for midlands, not for london',
      );
      // Mia's new key (now in ISF_KEYS_DIR) signs; her region now includes london.
      expect(await stack.concerns.decide(ref, 'confirm', { actor: 'mia.governance' })).toMatchObject({
        categoryStatus: 'confirmed',
      });
    }
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
