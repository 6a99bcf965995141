// Workflow code, bundled by the worker into Temporal's deterministic sandbox.
export { concern } from './concern';
export { nationalDigest, weeklyDigest } from './digest';
