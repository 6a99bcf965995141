// The modules that run inside Temporal's deterministic workflow sandbox: the workflow code and
// every module it imports. One list, read by ESLint (no Node built-ins, no worker or client code)
// and by dependency-cruiser (nothing here imports anything not on it), so that a module the
// workflow comes to import is either added here, and checked, or refused.
module.exports = {
  /** Project paths, as regular expressions over paths relative to the project. */
  paths: [
    '^workflows/',
    '^concern/',
    '^policy/',
    '^config/settings\\.ts$',
    '^config/durations\\.ts$',
    '^codec/refused\\.ts$',
    '^observability/metric-names\\.ts$',
    '^bench/noop/workflows\\.ts$',
  ],
  /** The same as ESLint file globs. */
  globs: [
    'workflows/**/*.ts',
    'concern/**/*.ts',
    'policy/**/*.ts',
    'config/settings.ts',
    'config/durations.ts',
    'codec/refused.ts',
    'observability/metric-names.ts',
    'bench/noop/workflows.ts',
  ],
  /** Packages workflow code may use: the sandboxed SDK, schemas and pure-JavaScript signatures. */
  packages: ['@temporalio/workflow', '@temporalio/common', 'zod', '@noble/curves', '@noble/hashes'],
};
