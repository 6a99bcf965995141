// What one concern costs the worker: the workflow bundle each concern's sandbox runs, and the
// worker's resident memory per open (cached) concern between the smallest and largest scale.
import { readFileSync } from 'node:fs';

export interface BundleSize {
  /** The whole bundle file, as the worker loads it. */
  kiB: number;
  /** Without the inline source map (a comment: loaded once, never evaluated per concern). */
  codeKiB: number;
}

const SOURCE_MAP = '//# sourceMappingURL=';

export function bundleSizeOf(code: string): BundleSize {
  const at = code.lastIndexOf(SOURCE_MAP);
  const kiB = (bytes: number) => Math.round(bytes / 1024);
  return { kiB: kiB(Buffer.byteLength(code)), codeKiB: kiB(Buffer.byteLength(at >= 0 ? code.slice(0, at) : code)) };
}

export const bundleSize = (file: string): BundleSize => bundleSizeOf(readFileSync(file, 'utf8'));

/**
 * KiB of worker memory per open concern: the growth in resident memory from the smallest to the
 * largest scale over the concerns added, so that the worker's fixed cost cancels out.
 */
export function perConcernKiB(scale: readonly { openConcerns: number; workerRssMb: number }[]): number | null {
  const [first, last] = [scale[0], scale.at(-1)];
  if (!first || !last || last.openConcerns <= first.openConcerns) return null;
  return Math.round(((last.workerRssMb - first.workerRssMb) * 1024) / (last.openConcerns - first.openConcerns));
}
