// How the workflow code is bundled, in one place: by `npm run build`, by the tests, and by a worker
// started without a built bundle.
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';

export function bundleOptions(): BundleOptions {
  return {
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // No preloadModules: sharing the Ed25519 modules between concerns measured slower at scale,
    // and zod cannot be shared (it defines members lazily on objects the SDK freezes).
  };
}
