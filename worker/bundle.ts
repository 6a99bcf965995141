// How the workflow code is bundled, in one place: by `npm run build`, by the tests, and by a worker
// started without a built bundle.
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';

export function bundleOptions(): BundleOptions {
  return {
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // The workflow's validators (concern/checks.ts: compiled schemas, no zod) are evaluated once per
    // worker thread and shared by every concern, instead of once per concern. The SDK deep-freezes
    // what it shares; they write nothing after load (tests/unit/specs.test.ts runs them frozen).
    // So is Ed25519 (concern/ed25519.ts): noble's modules and its table for the base point.
    preloadModules: [require.resolve('../concern/checks'), require.resolve('../concern/ed25519')],
  };
}
