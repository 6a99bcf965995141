// `npm run build` bundles the workflow code once, so that the worker starts without webpack and
// runs exactly the code that was built.
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE } from '../worker/create';
import { bundleOptions } from '../worker/bundle';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    ...bundleOptions(),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: console.warn,
      error: console.error,
    },
  });
  // The sandbox evaluates each concern's own copy of what the workflow imports: zod and its schemas
  // cost 1.5 MB and 27 ms per concern there. The workflow checks with concern/checks.ts instead; a
  // value import of a schema from workflow code would bring zod back, and the build says so.
  if (code.includes('"./node_modules/zod/')) {
    throw new Error(
      'the workflow bundle contains zod: workflow code must check with concern/checks.ts, importing schemas as types only',
    );
  }
  writeFileSync(WORKFLOW_BUNDLE, code);
  process.stderr.write(`workflow bundle: ${WORKFLOW_BUNDLE} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
