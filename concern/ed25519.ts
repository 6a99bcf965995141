// Ed25519 for the workflow, shared by every concern a worker thread runs: worker/bundle.ts preloads
// this module, so noble's modules are evaluated once per thread, and the base point's precomputed
// table (noble's default 8-bit window, built on first use and kept in noble's own module-level
// cache) once per thread too, instead of a table per concern.
export { ed25519 } from '@noble/curves/ed25519';
