// `npm run generate-specs`: compiles the zod schemas the workflow checks its input with into plain
// data (concern/specs.generated.ts) for concern/spec.ts to run without zod in the workflow sandbox.
// tests/unit/specs.test.ts fails when the file is stale, and holds the two to the same answers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DECISION_SCHEMAS, idSchema, openingSchema } from '../concern/inputs';
import { concernInputSchema } from '../concern/run-input';
import type { SpecCheck, SpecNode, SpecTable } from '../concern/spec';
import { PROJECT_ROOT } from '../config/paths';
import { SPEC_HOOKS, type SpecHook } from '../concern/spec-hooks';

type Schema = z.core.$ZodType;
type Issue = Record<string, unknown>;

/** Every schema the workflow checks with, by the name concern/checks.ts asks for it. */
export const SPEC_ROOTS: Record<string, z.ZodType> = {
  opening: openingSchema,
  ...Object.fromEntries(Object.entries(DECISION_SCHEMAS).map(([kind, schema]) => [`decision:${kind}`, schema])),
  input: concernInputSchema,
  id: idSchema,
};

export const SPECS_FILE = join(PROJECT_ROOT, 'concern', 'specs.generated.ts');

const hookNames = new Map<unknown, SpecHook>(Object.entries(SPEC_HOOKS).map(([name, fn]) => [fn, name as SpecHook]));
const english = z.locales.en().localeError as (issue: Issue) => string;

function hook(fn: unknown, what: string): SpecHook {
  const name = hookNames.get(fn);
  if (!name) throw new Error(`${what}: a function that is not one of concern/spec-hooks.ts; add it there`);
  return name;
}

/** A custom error as the text it always gives; one that depends on the input cannot be compiled. */
function custom(error: unknown): string | null {
  if (typeof error !== 'function') return null;
  const texts = [{ input: 1 }, { input: 'x' }].map((issue) =>
    (error as (i: Issue) => unknown)({ code: 'custom', ...issue }),
  );
  if (typeof texts[0] !== 'string' || texts[0] !== texts[1])
    throw new Error('an error message that depends on the input');
  return texts[0];
}

function compileCheck(check: z.core.$ZodCheck): SpecCheck {
  const def = check._zod.def as z.core.$ZodCheckDef & Record<string, unknown>;
  const message = (issue: Issue) => custom(def.error) ?? english(issue);
  switch (def.check) {
    case 'overwrite':
      return { k: 'overwrite', hook: hook(def.tx, 'overwrite') };
    case 'min_length':
      return { k: 'min-length', n: def.minimum as number, error: custom(def.error) };
    case 'max_length':
      return { k: 'max-length', n: def.maximum as number, error: custom(def.error) };
    case 'string_format': {
      const pattern = def.pattern as RegExp;
      const format = def.format as string;
      return {
        k: 'pattern',
        source: pattern.source,
        flags: pattern.flags,
        message: message({ code: 'invalid_format', origin: 'string', format, pattern: pattern.toString() }),
      };
    }
    case 'number_format':
      if (!String(def.format).includes('int')) break;
      return {
        k: 'int',
        message: message({ code: 'invalid_type', expected: 'int', input: 0.5 }),
        tooBig: message({ code: 'too_big', origin: 'int', maximum: Number.MAX_SAFE_INTEGER, inclusive: true }),
        tooSmall: message({ code: 'too_small', origin: 'int', minimum: Number.MIN_SAFE_INTEGER, inclusive: true }),
      };
    case 'greater_than':
    case 'less_than': {
      const greater = def.check === 'greater_than';
      const value = def.value as number;
      const inclusive = def.inclusive as boolean;
      return {
        k: greater ? 'greater' : 'less',
        value,
        inclusive,
        message: message(
          greater
            ? { code: 'too_small', origin: 'number', minimum: value, inclusive }
            : { code: 'too_big', origin: 'number', maximum: value, inclusive },
        ),
      };
    }
    case 'custom':
      if (typeof def.fn === 'function') {
        return {
          k: 'refine',
          hook: hook(def.fn, 'refine'),
          message: message({ code: 'custom' }),
          path: ((def.path as PropertyKey[] | undefined) ?? []).map(String),
        };
      }
      // A check written as a function (`.check(fn)`): zod keeps the function itself.
      return { k: 'check', hook: hook((check._zod as { check: unknown }).check, 'check') };
  }
  throw new Error(`check '${def.check}' is not compiled; add it to concern/spec.ts`);
}

export function compileSpecs(roots: Record<string, Schema> = SPEC_ROOTS): SpecTable {
  const nodes: SpecNode[] = [];
  const seen = new Map<Schema, number>();

  function node(schema: Schema): number {
    const known = seen.get(schema);
    if (known !== undefined) return known;
    const index = nodes.length;
    seen.set(schema, index);
    nodes.push(null as unknown as SpecNode);
    const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    const checks = (def.checks ?? []).map(compileCheck);
    // A string format (an email, an ISO date) is its own first check, as in zod.
    if (def.type === 'string' && def.format) checks.unshift(compileCheck(schema as unknown as z.core.$ZodCheck));
    const base = {
      error: custom(def.error),
      checks,
      optin: schema._zod.optin ?? null,
      optout: schema._zod.optout ?? null,
    };
    nodes[index] = { ...base, ...shapeOf(def) } as SpecNode;
    return index;
  }

  function shapeOf(def: z.core.$ZodTypeDef & Record<string, unknown>): Record<string, unknown> {
    switch (def.type) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'unknown':
        return { t: def.type };
      case 'literal':
        return { t: 'literal', values: def.values };
      case 'enum':
        return { t: 'enum', values: Object.values(def.entries as Record<string, string>) };
      case 'object': {
        const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
        if (catchall !== undefined && catchall !== 'never') throw new Error(`an object with a catchall '${catchall}'`);
        const shape = def.shape as Record<string, Schema>;
        return {
          t: 'object',
          shape: Object.keys(shape).map((key) => [key, node(shape[key])]),
          strict: catchall === 'never',
        };
      }
      case 'array':
        return { t: 'array', element: node(def.element as Schema) };
      case 'tuple':
        if (def.rest || (def.items as Schema[]).some((item) => item._zod.optin || item._zod.optout)) {
          throw new Error('a tuple with a rest or optional items');
        }
        return { t: 'tuple', items: (def.items as Schema[]).map(node) };
      case 'record': {
        const key = def.keyType as Schema;
        const values = key._zod.values;
        return {
          t: 'record',
          key: node(key),
          value: node(def.valueType as Schema),
          partial: def.partial === true,
          keys: values ? [...values].map(String) : null,
        };
      }
      case 'union': {
        const options = def.options as Schema[];
        if (typeof def.discriminator !== 'string') return { t: 'union', options: options.map(node) };
        const discriminator = def.discriminator;
        return {
          t: 'discriminated',
          discriminator,
          map: options.flatMap((option) =>
            [...(option._zod.propValues?.[discriminator] ?? [])].map((value) => [value, node(option)]),
          ),
        };
      }
      case 'optional':
      case 'nullable':
        return { t: def.type, inner: node(def.innerType as Schema) };
      case 'default':
        return { t: 'default', inner: node(def.innerType as Schema), value: def.defaultValue };
      case 'pipe':
        return { t: 'pipe', in: node(def.in as Schema), out: node(def.out as Schema) };
      case 'transform':
        return { t: 'transform', hook: hook(def.transform, 'transform') };
    }
    throw new Error(`zod type '${def.type}' is not compiled; add it to concern/spec.ts`);
  }

  const table: SpecTable = { nodes, roots: {} };
  for (const [name, schema] of Object.entries(roots)) table.roots[name] = node(schema);
  return table;
}

/** The generated file's text: stable, so that a stale file shows as a diff. */
export function specsSource(table: SpecTable = compileSpecs()): string {
  return [
    '// Generated by `npm run generate-specs` (scripts/generate-specs.ts) from the zod schemas the workflow',
    '// checks with. Do not edit: change the schemas and generate again; tests/unit/specs.test.ts fails if stale.',
    "import type { SpecTable } from './spec';",
    '',
    `export const SPECS: SpecTable = ${JSON.stringify(table)};`,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(SPECS_FILE, specsSource());
  process.stderr.write(`wrote ${SPECS_FILE}\n`);
}
