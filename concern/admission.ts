// Rules that refuse a decision or an opening at admission only, added after concerns were already
// running: the update's validator (and the admin script, before sending) applies them; a replay,
// which runs handlers only, applies what a history already accepted without them.
import { LOCAL_ROLES } from '../policy';
import type { Policy } from '../config/policy';
import type { Pending } from './state';
import { CONTROL } from './text';

export { withoutControlCharacters } from './text';


const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first text field holding a control character, named with the character; null when none does. */
export function controlCharacterProblem(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') {
    const found = CONTROL.exec(value);
    return found ? `${path.join('.') || 'text'}: must not contain control characters (${codePoint(found[0])} at position ${found.index + 1})` : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = controlCharacterProblem(item, [...path, String(i)]);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'signature') continue;
      const problem = controlCharacterProblem(item, [...path, key]);
      if (problem) return problem;
    }
  }
  return null;
}

/** Bytes of a value as JSON in UTF-8: what Temporal stores. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en-GB')} KiB`;

/** A decision's payload over its budget: one line naming the budget. */
export function decisionBudgetProblem(payload: unknown, policy: Pick<Policy, 'maxDecisionBytes'>): string | null {
  const bytes = jsonBytes(payload);
  return bytes > policy.maxDecisionBytes
    ? `decision: ${kib(bytes)} is over the budget of ${kib(policy.maxDecisionBytes)} for one decision (policy.maxDecisionBytes); shorten the text or attach less evidence`
    : null;
}

/** The state a decision would leave, with what the run carries beside it, over its budget. */
export function stateBudgetProblem(state: unknown, carriedBytes: number, policy: Pick<Policy, 'maxStateBytes'>): string | null {
  const bytes = jsonBytes(state) + carriedBytes;
  return bytes > policy.maxStateBytes
    ? `state: this decision would make the concern ${kib(bytes)}, over its budget of ${kib(policy.maxStateBytes)} (policy.maxStateBytes), beyond which Temporal could not carry it; record the detail elsewhere and refer to it`
    : null;
}

/**
 * "Concern-specific contacts" may name addresses for the provider's local roles only: never a
 * regional, national or provider-executive role, nor the regulator, whose addresses come from
 * the configuration alone.
 */
export function contactsProblem(contacts: Record<string, unknown> | undefined): string | null {
  for (const role of Object.keys(contacts ?? {})) {
    if (!(LOCAL_ROLES as readonly string[]).includes(role)) {
      return `contacts: ${role} is not one of the provider's local roles (${LOCAL_ROLES.join(', ')}); its addresses come from the configuration only`;
    }
  }
  return null;
}

/**
 * A decision about a proposal names the proposal pending now; a signed one must, so that the
 * signature cannot be replayed to decide a later proposal. (Unsigned, anyone could send anything.)
 */
export function proposalProblem(pending: Pending, named: { category: number; proposedAt: string } | undefined, signed: boolean): string | null {
  const what = `${pending.decommission ? 'decommissioning' : `category ${pending.category}`} proposed at ${pending.proposedAt}`;
  if (!named) return signed ? `proposal: name the proposal this decides (${what}); isf does this for you` : null;
  if (named.category !== pending.category || named.proposedAt !== pending.proposedAt) {
    return `proposal: this decides the proposal of category ${named.category} made at ${named.proposedAt}, but the pending one is ${what}`;
  }
  return null;
}
