// The workflow's own validators: the zod schemas of concern/inputs.ts, state.ts, notices.ts,
// directory.ts and config/settings.ts, compiled to plain data by scripts/generate-specs.ts
// (concern/specs.generated.ts) and run here without zod.
//
// Why: the workflow sandbox evaluates every module a concern imports once per concern. zod and the
// schemas built with it were most of that (about 27 of 33 ms and 1.5 of 1.9 MB per concern), and
// zod cannot be shared between concerns (the SDK freezes what it shares; zod memoises into its own
// objects as it parses). This interpreter and its data are shared instead (worker/bundle.ts
// preloads them): plain functions over frozen data, nothing written after load.
//
// It follows zod's semantics for the parts of zod these schemas use (the same issues in the same
// order, the same output with its keys in the same order), and tests/unit/specs.test.ts holds it
// to that on every fixture and on fast-check inputs. The admin script and the service keep zod.
import { runHook, type SpecHook } from './spec-hooks';

/** A check run after a node's type is accepted, in the order zod runs them. */
export type SpecCheck =
  | { k: 'overwrite'; hook: SpecHook }
  /** The message is the check's own, or zod's, which names what the value turned out to be. */
  | { k: 'min-length' | 'max-length'; n: number; error: string | null }
  | { k: 'pattern'; source: string; flags: string; message: string }
  | { k: 'int'; message: string; tooBig: string; tooSmall: string }
  | { k: 'greater' | 'less'; value: number; inclusive: boolean; message: string }
  | { k: 'refine'; hook: SpecHook; message: string; path: string[] }
  /** A check written as code: it reports its own issue (the risk bands). */
  | { k: 'check'; hook: SpecHook };

/** zod's optin/optout rungs, read from the schema by the generator. */
type Opt = 'optional' | 'defaulted' | null;

/** One schema node; children are indexes into the same table (shared subtrees appear once). */
export type SpecNode = { error: string | null; checks: SpecCheck[]; optin: Opt; optout: Opt } & (
  | { t: 'string' | 'number' | 'boolean' | 'unknown' }
  | { t: 'literal' | 'enum'; values: (string | number)[] }
  | { t: 'object'; shape: [string, number][]; strict: boolean }
  | { t: 'array'; element: number }
  | { t: 'tuple'; items: number[] }
  | { t: 'record'; key: number; value: number; partial: boolean; keys: string[] | null }
  | { t: 'union'; options: number[] }
  | { t: 'discriminated'; discriminator: string; map: [string | number, number][] }
  | { t: 'optional' | 'nullable'; inner: number }
  | { t: 'default'; inner: number; value: unknown }
  | { t: 'pipe'; in: number; out: number }
  | { t: 'transform'; hook: SpecHook }
);

export interface SpecTable {
  nodes: SpecNode[];
  roots: Record<string, number>;
}

/** What zod reports, with its message already in English. */
export interface SpecIssue {
  code: string;
  path: (string | number)[];
  message: string;
  input?: unknown;
  keys?: string[];
  continue?: boolean;
}

interface Payload {
  value: unknown;
  issues: SpecIssue[];
  aborted?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isObject(v)) return false;
  const ctor = (v as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto = (ctor as { prototype?: unknown }).prototype;
  return isObject(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

const aborted = (p: Payload, from = 0): boolean =>
  p.aborted === true || p.issues.slice(from).some((i) => i.continue !== true);
const explicitlyAborted = (p: Payload): boolean => p.aborted === true || p.issues.some((i) => i.continue === false);

function parsedType(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'number' : String(v);
  if (typeof v !== 'object') return typeof v;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const proto = Object.getPrototypeOf(v) as unknown;
  const ctor = (v as { constructor?: { name?: string } }).constructor;
  return proto !== Object.prototype && ctor ? (ctor.name ?? 'object') : 'object';
}

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

function typeIssue(node: SpecNode, expected: string, input: unknown): SpecIssue {
  return {
    code: 'invalid_type',
    path: [],
    input,
    message: node.error ?? `Invalid input: expected ${expected}, received ${parsedType(input)}`,
  };
}

const codePoints = (s: string) => [...s].length;

/** zod's English for a length out of bounds, which says what the value was (a sized check runs on any value with a length). */
function sizeMessage(small: boolean, n: number, input: unknown): string {
  const origin = Array.isArray(input) ? 'array' : typeof input === 'string' ? 'string' : 'unknown';
  const unit = { array: ' items', string: ' characters', unknown: '' }[origin];
  const [size, bound] = small ? ['small', '>='] : ['big', '<='];
  return `Too ${size}: expected ${origin} to ${origin === 'unknown' ? 'be' : 'have'} ${bound}${n}${unit}`;
}

/** Runs compiled schemas; one per table, shared by every concern. */
export class Validator {
  private readonly patterns: Map<SpecCheck, RegExp>;
  constructor(private readonly table: SpecTable) {
    // Compiled once, here, before the SDK freezes this object; `test` on a non-global pattern keeps no state.
    this.patterns = new Map();
    for (const node of table.nodes)
      for (const c of node.checks)
        if (c.k === 'pattern') this.patterns.set(c, new RegExp(c.source, c.flags.replace('g', '')));
  }

  parse(root: string, value: unknown): { ok: true; value: unknown } | { ok: false; issues: SpecIssue[] } {
    const index = this.table.roots[root];
    if (index === undefined) throw new Error(`no compiled schema '${root}'`);
    const result = this.run(index, { value, issues: [] });
    return result.issues.length ? { ok: false, issues: result.issues } : { ok: true, value: result.value };
  }

  private run(index: number, payload: Payload): Payload {
    const node = this.table.nodes[index];
    const result = this.parseType(node, payload);
    return node.checks.length ? this.runChecks(node, result) : result;
  }

  private runChecks(node: SpecNode, p: Payload): Payload {
    let isAborted = aborted(p);
    for (const c of node.checks) {
      const sized = c.k === 'min-length' || c.k === 'max-length';
      if (sized) {
        if (explicitlyAborted(p)) continue;
        const v = p.value as { length?: unknown } | null | undefined;
        if (v === null || v === undefined || v.length === undefined) continue;
      } else if (isAborted) continue;
      const before = p.issues.length;
      this.check(c, p);
      if (p.issues.length !== before && !isAborted) isAborted = aborted(p, before);
    }
    return p;
  }

  private check(c: SpecCheck, p: Payload): void {
    const input = p.value;
    const issue = (code: string, message: string, extra: Partial<SpecIssue> = {}) =>
      p.issues.push({ code, path: [], input, message, continue: true, ...extra });
    switch (c.k) {
      case 'overwrite':
        p.value = runHook(c.hook, input);
        return;
      case 'min-length':
      case 'max-length': {
        const n = typeof input === 'string' ? codePoints(input) : (input as unknown[]).length;
        const small = c.k === 'min-length';
        if (small ? n >= c.n : n <= c.n) return;
        issue(small ? 'too_small' : 'too_big', c.error ?? sizeMessage(small, c.n, input));
        return;
      }
      case 'pattern':
        if (!this.patterns.get(c)!.test(input as string)) issue('invalid_format', c.message);
        return;
      case 'int': {
        const n = input as number;
        if (!Number.isInteger(n)) issue('invalid_type', c.message, { continue: false });
        else if (!Number.isSafeInteger(n)) issue(n > 0 ? 'too_big' : 'too_small', n > 0 ? c.tooBig : c.tooSmall);
        return;
      }
      case 'greater':
      case 'less': {
        const n = input as number;
        const ok =
          c.k === 'greater' ? (c.inclusive ? n >= c.value : n > c.value) : c.inclusive ? n <= c.value : n < c.value;
        if (!ok) issue(c.k === 'greater' ? 'too_small' : 'too_big', c.message);
        return;
      }
      case 'refine':
        if (!runHook(c.hook, input)) issue('custom', c.message, { path: [...c.path] });
        return;
      case 'check':
        runHook(c.hook, p);
        return;
    }
  }

  private child(index: number, value: unknown): Payload {
    return this.run(index, { value, issues: [] });
  }

  private parseType(node: SpecNode, p: Payload): Payload {
    const input = p.value;
    const push = (i: SpecIssue) => {
      p.issues.push(i);
      return p;
    };
    switch (node.t) {
      case 'string':
        return typeof input === 'string' ? p : push(typeIssue(node, 'string', input));
      case 'number':
        return typeof input === 'number' && Number.isFinite(input) ? p : push(typeIssue(node, 'number', input));
      case 'boolean':
        return typeof input === 'boolean' ? p : push(typeIssue(node, 'boolean', input));
      case 'unknown':
        return p;
      case 'literal':
      case 'enum':
        if ((node.values as unknown[]).includes(input)) return p;
        return push({
          code: 'invalid_value',
          path: [],
          input,
          message:
            node.error ??
            (node.values.length === 1
              ? `Invalid input: expected ${show(node.values[0])}`
              : `Invalid option: expected one of ${node.values.map(show).join('|')}`),
        });
      case 'object': {
        if (!isObject(input)) return push(typeIssue(node, 'object', input));
        const out: Record<string, unknown> = {};
        p.value = out;
        for (const [key, index] of node.shape) {
          if (key === '__proto__') continue;
          const r = this.child(index, input[key]);
          this.property(r, p, out, key, input, this.table.nodes[index]);
        }
        if (node.strict) {
          const known = new Set(node.shape.map(([k]) => k));
          const unknown: string[] = [];
          for (const key in input) if (!known.has(key)) unknown.push(key);
          if (unknown.length) {
            push({
              code: 'unrecognized_keys',
              path: [],
              input,
              keys: unknown,
              continue: true,
              message:
                node.error ?? `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map(show).join(', ')}`,
            });
          }
        }
        return p;
      }
      case 'array': {
        if (!Array.isArray(input)) return push(typeIssue(node, 'array', input));
        // zod refuses an array longer than its maximum before it reads a single element.
        const cap = node.checks.find((c) => c.k === 'max-length');
        if (cap && cap.k === 'max-length' && input.length > cap.n) {
          return push({
            code: 'too_big',
            path: [],
            input,
            message: cap.error ?? sizeMessage(false, cap.n, input),
            continue: false,
          });
        }
        const out = new Array<unknown>(input.length);
        p.value = out;
        input.forEach((item, i) => {
          const r = this.child(node.element, item);
          p.issues.push(...r.issues.map((iss) => ({ ...iss, path: [i, ...iss.path] })));
          out[i] = r.value;
        });
        return p;
      }
      case 'tuple': {
        if (!Array.isArray(input)) return push(typeIssue(node, 'tuple', input));
        // Fixed items only (the generator refuses optional items and rests): too few stops here, too many does not.
        const n = node.items.length;
        if (input.length < n) return push({ code: 'too_small', path: [], input, message: sizeMessage(true, n, input) });
        if (input.length > n) push({ code: 'too_big', path: [], input, message: sizeMessage(false, n, input) });
        const out = new Array<unknown>(n);
        p.value = out;
        node.items.forEach((index, i) => {
          const r = this.child(index, input[i]);
          p.issues.push(...r.issues.map((iss) => ({ ...iss, path: [i, ...iss.path] })));
          out[i] = r.value;
        });
        return p;
      }
      case 'record':
        return this.record(node, p);
      case 'union': {
        const results: Payload[] = [];
        for (const option of node.options) {
          const r = this.child(option, input);
          if (!r.issues.length) return r;
          results.push(r);
        }
        const live = results.filter((r) => !aborted(r));
        if (live.length === 1) {
          p.value = live[0].value;
          return live[0];
        }
        return push({ code: 'invalid_union', path: [], input, message: node.error ?? 'Invalid input' });
      }
      case 'discriminated': {
        if (!isObject(input)) return push(typeIssue(node, 'object', input));
        const tag = input[node.discriminator];
        const option = node.map.find(([v]) => v === tag);
        if (option) return this.run(option[1], p);
        return push({
          code: 'invalid_union',
          path: [node.discriminator],
          input,
          message:
            node.error ??
            `Invalid discriminator value. Expected ${node.map.map(([v]) => `'${String(v)}'`).join(' | ')}`,
        });
      }
      case 'optional': {
        if (input !== undefined) return this.run(node.inner, p);
        const inner = this.table.nodes[node.inner];
        if (inner.optin !== 'defaulted') return p;
        const r = this.child(node.inner, input);
        p.value = r.issues.length ? undefined : r.value;
        return p;
      }
      case 'nullable':
        return input === null ? p : this.run(node.inner, p);
      case 'default': {
        if (input === undefined) {
          p.value = structuredCopy(node.value);
          return p;
        }
        const r = this.run(node.inner, p);
        if (r.value === undefined) r.value = structuredCopy(node.value);
        return r;
      }
      case 'pipe': {
        const left = this.run(node.in, p);
        if (left.issues.some((i) => i.code !== 'unrecognized_keys')) {
          left.aborted = true;
          return left;
        }
        return this.run(node.out, { value: left.value, issues: left.issues });
      }
      case 'transform':
        p.value = runHook(node.hook, input);
        return p;
    }
  }

  /** zod's handlePropertyResult: what an object's output holds for one key of its shape. */
  private property(
    r: Payload,
    p: Payload,
    out: Record<string, unknown>,
    key: string,
    input: Record<string, unknown>,
    field: SpecNode,
  ): void {
    const present = key in input;
    const optionalOut = field.optout === 'optional';
    if (!present && optionalOut && field.optin === 'optional') return;
    if (r.issues.length) {
      if (field.optin !== null && optionalOut && !present) return;
      p.issues.push(...r.issues.map((iss) => ({ ...iss, path: [key, ...iss.path] })));
    }
    if (!present && field.optin === null) {
      if (!r.issues.length) {
        p.issues.push({ code: 'invalid_type', path: [key], input: undefined, message: 'Invalid input' });
      }
      return;
    }
    if (r.value === undefined) {
      if (present || (field.optin === 'defaulted' && !optionalOut)) out[key] = undefined;
    } else out[key] = r.value;
  }

  private record(node: Extract<SpecNode, { t: 'record' }>, p: Payload): Payload {
    const input = p.value;
    if (!isPlainObject(input)) {
      p.issues.push(typeIssue(node, 'record', input));
      return p;
    }
    const out: Record<string, unknown> = {};
    p.value = out;
    const unknown: string[] = [];
    const value = (key: string) => {
      const r = this.child(node.value, input[key]);
      p.issues.push(...r.issues.map((iss) => ({ ...iss, path: [key, ...iss.path] })));
      out[key] = r.value;
    };
    if (node.keys && !node.partial) {
      for (const key of node.keys) if (key !== '__proto__') value(key);
      for (const key in input) if (!node.keys.includes(key)) unknown.push(key);
    } else {
      for (const key of Object.keys(input)) {
        if (key === '__proto__') continue;
        const k = this.child(node.key, key);
        if (k.issues.length) {
          if (node.keys) unknown.push(key);
          else p.issues.push({ code: 'invalid_key', path: [key], input: key, message: 'Invalid key in record' });
          continue;
        }
        value(key);
      }
    }
    if (unknown.length) {
      p.issues.push({
        code: 'unrecognized_keys',
        path: [],
        input,
        keys: unknown,
        continue: true,
        message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map(show).join(', ')}`,
      });
    }
    return p;
  }
}

/** A default is handed out afresh each time, as zod does, so no concern shares (or can change) another's. */
function structuredCopy(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
