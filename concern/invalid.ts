// One line that names the field and the reason, for every payload zod (or the workflow's compiled
// copy of its schemas, concern/spec.ts) refuses.
import type { z } from 'zod';

/** An issue as zod reports it; concern/spec.ts reports the same. */
interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly keys?: readonly string[];
}

function show(value: unknown): string {
  // Long inputs (a megabyte of rationale) are not echoed back whole.
  if (typeof value === 'string') return value.length > 40 ? `${value.length} characters` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : 'an object';
}

function describeIssue(issue: IssueLike, name: string): string {
  const field = issue.path.length ? issue.path.map(String).join('.') : name;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys ?? [];
    const unknown = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
    return issue.path.length ? `${field}: ${unknown}` : unknown;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${field}: is required`;
  // Quoting an object or a list says nothing: the field already names where to look.
  const shown = 'input' in issue ? show(issue.input) : null;
  const got = shown === null || shown === 'an object' || shown === 'a list' ? '' : ` (got ${shown})`;
  return `${field}: ${issue.message}${got}`;
}

/** "likelihood: must be a whole number from 1 to 5 (got 6)". */
export function describeInvalid(error: { readonly issues: readonly IssueLike[] }, name = 'input'): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => describeIssue(issue, name))
    .join('; ');
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Parses with the inputs reported, so that the message can say what was given. `name` names a
 * value that is not a field of an object (a command-line option).
 */
export function check<S extends z.ZodType>(schema: S, value: unknown, name?: string): Checked<z.output<S>> {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: describeInvalid(result.error, name) };
}
