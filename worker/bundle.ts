// How the workflow code is bundled, in one place: by `npm run build`, by the tests, and by a worker
// started without a built bundle.
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';

/**
 * Modules every concern shares instead of loading its own copy. The SDK's reusable V8 context
 * otherwise runs each module once per workflow: for Ed25519 that meant a precomputed table of about
 * a megabyte and 50 ms built by every concern on its first signature check; shared, it is built
 * once per worker thread. Only modules with no state but caches that are the same for every
 * concern qualify, and the SDK freezes them: zod cannot be shared (it defines schema members
 * lazily, on frozen objects), and neither can the schemas built with it (docs/benchmarks.md).
 */
export const SHARED_MODULES = ['@noble/curves/ed25519', '@noble/curves/abstract/utils'];

export function bundleOptions(): BundleOptions {
  return {
    workflowsPath: require.resolve('../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    preloadModules: SHARED_MODULES,
  };
}
