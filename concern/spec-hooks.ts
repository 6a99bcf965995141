// The few things in the schemas that are code, not data: the transforms and refinements. The zod
// schemas use these very functions, and scripts/generate-specs.ts names each by its identity, so
// the workflow's compiled validators (concern/spec.ts) run the same code as zod does.
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { POSSIBLE_SCORES, RISK_BANDS, type RiskBand } from '../policy/risk';

/** Free text as it is kept: without the spaces around it. */
const trim = (value: string): string => value.trim();

/** A list of professions, sources or organisations, each once, in the order given. */
const unique = <T>(values: T[]): T[] => [...new Set(values)];

/** A due date (the end of that day, UTC) or date-time, as an ISO date-time. */
const dueToIso = (value: string): string =>
  new Date(value.length === 10 ? `${value}T23:59:59.999Z` : value).toISOString();

/** `isf audience`: --withhold ROLE or --restore ROLE, one of them. */
const oneAudienceChange = (a: { withhold?: string; restore?: string }): boolean =>
  (a.withhold === undefined) !== (a.restore === undefined);

/** Withholding a role needs a reason. */
const withholdingHasReason = (a: { withhold?: string; reason?: string }): boolean =>
  a.withhold === undefined || a.reason !== undefined;

/** A Temporal duration string: '30 days', '12h', '20s'. */
function isDuration(value: string): boolean {
  try {
    return msToNumber(value as Duration) > 0;
  } catch {
    return false;
  }
}

/** The risk bands cover every possible score exactly once; a zod check, reporting what is not so. */
function riskBandsCover(payload: {
  value: Record<RiskBand, readonly [number, number]>;
  issues: { code: 'custom'; message: string; input: unknown; path: string[] }[];
}): void {
  const bands = payload.value;
  const uncovered = POSSIBLE_SCORES.filter(
    (score) => RISK_BANDS.filter((b) => score >= bands[b][0] && score <= bands[b][1]).length !== 1,
  );
  if (uncovered.length) {
    payload.issues.push({
      code: 'custom',
      message: `every possible score must fall in exactly one band (not so: ${uncovered.join(', ')})`,
      input: bands,
      path: [],
    });
  }
}

export const SPEC_HOOKS = {
  trim,
  unique,
  dueToIso,
  oneAudienceChange,
  withholdingHasReason,
  isDuration,
  riskBandsCover,
} as const;

export type SpecHook = keyof typeof SPEC_HOOKS;

// The interpreter calls hooks on values it has already checked the type of; typed loosely here.
export const runHook = (hook: SpecHook, value: unknown): unknown =>
  (SPEC_HOOKS[hook] as (v: unknown) => unknown)(value);
