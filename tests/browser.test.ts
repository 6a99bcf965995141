// The operator's view in a real browser: headless Chromium opens the dev server's Temporal UI,
// filters by `IsfCategory >= 3`, finds the concern this test opened, opens it, and saves a
// screenshot under test-output/. Without Chromium the test says plainly that it was skipped.
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { concernWorkflowId } from '../workflows/names';
import { opening, RECOVERY } from './support/fixtures';
import { ROOT, freePort } from './support/processes';
import { codecServerCodec, startCodecServer, type RunningCodecServer } from '../codec/server';
import { newCodecKeys, startStack, type TestStack } from './support/stack';
import { bundleWorkflows } from './support/temporal';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
if (!present) {
  const why = `no Chromium at ${CHROMIUM} (install Debian's chromium package, or set CHROMIUM_PATH)`;
  // CI installs Chromium and sets ISF_REQUIRE_BROWSER, so there a missing browser is a failure.
  if (process.env.ISF_REQUIRE_BROWSER) throw new Error(`browser test cannot run: ${why}`);
  process.stderr.write(`\nbrowser test SKIPPED: ${why}\n\n`);
}

(present ? describe : describe.skip)('the Temporal UI, in headless Chromium', () => {
  let stack: TestStack;
  let bundle: WorkflowBundleWithSourceMap;
  let browser: Browser;
  let uiPort: number;
  let codecServer: RunningCodecServer;

  beforeAll(async () => {
    bundle = await bundleWorkflows();
    uiPort = await freePort();
    // The UI decodes payloads through a codec server with the stack's keys, as `npm start` sets it up.
    const codecKeys = newCodecKeys();
    codecServer = await startCodecServer({
      codec: codecServerCodec(codecKeys),
      token: 'browser-test-token',
      allowedOrigins: [`http://127.0.0.1:${uiPort}`],
    });
    stack = await startStack('dev server', bundle, { uiPort, uiCodecEndpoint: codecServer.endpoint, codecKeys });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // As root Chromium needs --no-sandbox; on a closed network it must not reach for Google's services.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await codecServer?.close();
  });

  it('finds the concern by IsfCategory >= 3, opens it, and saves a screenshot', async () => {
    const o = opening({ category: 3, likelihood: 4, impact: 4 });
    await stack.concerns.open(o);
    await stack.concerns.decide(o.ref, 'confirm', { actor: 'ben.governance', ...RECOVERY });
    const low = opening({ category: 1, likelihood: 1, impact: 1 });
    await stack.concerns.open(low);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const query = encodeURIComponent('IsfCategory >= 3');
    const workflowId = concernWorkflowId(o.ref);
    // Visibility catches up within a moment; reload until the concern is listed.
    let found = false;
    for (let attempt = 0; attempt < 20 && !found; attempt++) {
      await page.goto(`http://127.0.0.1:${uiPort}/namespaces/default/workflows?query=${query}`, {
        waitUntil: 'networkidle',
      });
      found = await page
        .getByText(workflowId, { exact: true })
        .first()
        .isVisible()
        .catch(() => false);
      if (!found) await page.waitForTimeout(500);
    }
    if (!found) {
      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output', 'temporal-ui-not-found.png'), fullPage: true });
    }
    expect(found).toBe(true);
    expect(await page.getByText(concernWorkflowId(low.ref), { exact: true }).count()).toBe(0);

    await page.getByText(workflowId, { exact: true }).first().click();
    await page.waitForURL(new RegExp(`/workflows/${workflowId}/`));
    const dir = join(ROOT, 'test-output');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `temporal-ui-${o.ref}.png`);
    try {
      await page.getByRole('heading', { name: workflowId }).waitFor({ state: 'visible', timeout: 30_000 });
      // The workflow's summary says what the concern is; the UI shows it under User Metadata.
      await page.getByText('User Metadata', { exact: true }).first().click();
      // The UI renders user metadata (Markdown) in sandboxed frames.
      const shown = async (text: string) => {
        for (let attempt = 0; attempt < 60; attempt++) {
          for (const frame of page.frames())
            if (
              (await frame
                .getByText(text)
                .count()
                .catch(() => 0)) > 0
            )
              return true; // a frame may go away meanwhile
          await page.waitForTimeout(500);
        }
        return false;
      };
      expect(await shown(`${o.ref}: Royal London Hospital, Emergency Department (barts, london)`)).toBe(true);
      expect(await shown('Category 3 — Major concerns')).toBe(true);
      // The workflow's input, encrypted in Temporal, reads in clear through the codec server.
      await page.getByText('Timeline', { exact: true }).first().click();
      expect(await shown('Foundation doctors unsupervised on night shifts')).toBe(true);
    } finally {
      await page.screenshot({ path: file, fullPage: true });
    }
    expect(existsSync(file)).toBe(true);
  });
});
