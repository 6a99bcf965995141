// The workflow's compiled validators (concern/spec.ts over concern/specs.generated.ts) against the
// zod schemas they were compiled from: the same answer for every fixture and for fast-check inputs
// (accepted or not, the same output with its keys in the same order, the same one-line reason),
// run deep-frozen exactly as the SDK freezes a preloaded module, and the generated file up to date.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { decide, openConcern } from '../../concern/decide';
import { DECISION_KINDS, type DecisionKind } from '../../concern/inputs';
import { describeInvalid } from '../../concern/invalid';
import { Validator } from '../../concern/spec';
import { SPECS } from '../../concern/specs.generated';
import type { ConcernState } from '../../concern/state';
import { deepFreeze } from '../../bench/sandbox-cost';
import { SPECS_FILE, SPEC_ROOTS, compileSpecs, specsSource } from '../../scripts/generate-specs';
import { context, exampleSnapshot, opening, RECOVERY, TRIANGULATED } from '../support/fixtures';

/** As the SDK freezes a preloaded module's exports (bench/sandbox-cost.ts has its deepFreeze). */
const frozen = <T>(value: T): T => {
  deepFreeze(value);
  return value;
};
const validator = frozen(new Validator(frozen(structuredClone(SPECS))));

type Answer = { ok: true; json: string; value: unknown } | { ok: false; reason: string };

function byZod(root: string, value: unknown): Answer {
  const r = SPEC_ROOTS[root].safeParse(value, { reportInput: true });
  return r.success
    ? { ok: true, json: JSON.stringify(r.data), value: r.data }
    : { ok: false, reason: describeInvalid(r.error) };
}

function bySpec(root: string, value: unknown): Answer {
  const r = validator.parse(root, value);
  return r.ok ? { ok: true, json: JSON.stringify(r.value), value: r.value } : { ok: false, reason: describeInvalid(r) };
}

function expectAgreement(root: string, value: unknown): void {
  const [zod, spec] = [byZod(root, value), bySpec(root, value)];
  if (zod.ok && spec.ok) {
    expect(spec.json).toBe(zod.json);
    expect(isDeepStrictEqual(spec.value, zod.value)).toBe(true);
  } else expect(spec).toEqual(zod);
}

const actor = { actor: 'ana.quality' };
/** One payload of each kind that the schemas accept; the rules may still refuse some in a given state. */
const PAYLOADS: Record<DecisionKind, Record<string, unknown>> = {
  propose: { ...actor, category: 3, rationale: '  Worse on nights  ', evidence: TRIANGULATED, waiveNotice: false },
  confirm: {
    actor: 'ben.governance',
    rationale: 'Agreed',
    ...RECOVERY,
    proposal: { category: 3, proposedAt: '2026-11-25T09:00:00.000Z' },
  },
  challenge: { actor: 'ben.governance', rationale: 'Not yet', evidence: [] },
  'sign-off': {
    actor: 'nina.national',
    approve: true,
    rationale: 'Approved',
    evidence: TRIANGULATED,
    ...RECOVERY,
    approveWaiver: true,
  },
  rate: { ...actor, likelihood: 4, impact: 3, rationale: 'Rated again' },
  close: { ...actor, rationale: 'Resolved' },
  review: {
    ...actor,
    outcome: 'improving',
    summary: 'Better',
    evidence: ['plain text, as before kinds', TRIANGULATED[0]],
  },
  intervene: { ...actor, kind: 'desktop-review', summary: 'Visited the ward' },
  'plan-add': {
    ...actor,
    objective: 'Supervision at night',
    owner: 'dme@barts.example.org',
    due: '2026-12-31',
    measure: 'Rota',
    answers: 1,
  },
  'plan-agree': { ...actor, rationale: 'Agreed with the trust', agreedBy: 'Dr Jones, DME' },
  'plan-done': { ...actor, objective: 1, evidence: 'Rota in place' },
  decommission: { ...actor, rationale: 'Posts removed', evidence: TRIANGULATED },
  'good-practice': { ...actor, summary: 'Excellent induction', share: 'region' },
  'plan-share': { ...actor, with: ['GMC', 'CQC', 'GMC'] },
  audience: { ...actor, withhold: 'educators', reason: 'Learner confidentiality' },
};

/** A state with most of what a state can hold: taken through the rules, never written by hand. */
function richState(): ConcernState {
  const opened = openConcern(
    opening({ contacts: { educators: ['dme@barts.example.org'] }, raisedBy: 'raiser@example.org' }),
    context(),
  );
  if (!opened.ok) throw new Error(opened.reason);
  let state = opened.state;
  const steps: [DecisionKind, Record<string, unknown>][] = [
    ['confirm', { actor: 'ben.governance' }],
    ['intervene', PAYLOADS.intervene],
    ['plan-add', PAYLOADS['plan-add']],
    ['plan-agree', PAYLOADS['plan-agree']],
    ['review', PAYLOADS.review],
    ['propose', { ...actor, category: 3, rationale: 'Worse', evidence: TRIANGULATED }],
    ['confirm', { actor: 'ben.governance', ...RECOVERY }],
    ['plan-share', PAYLOADS['plan-share']],
    ['rate', PAYLOADS.rate],
  ];
  for (const [kind, payload] of steps) {
    const outcome = decide(state, kind, payload, context());
    if (outcome.ok) state = outcome.state;
  }
  return state;
}

const state = richState();
const FIXTURES: Record<string, unknown[]> = {
  opening: [
    opening(),
    opening({ professions: ['nursing', 'nursing'], title: ' Padded ', contacts: { educators: ['a@b.org'] } }),
  ],
  ...Object.fromEntries(DECISION_KINDS.map((kind) => [`decision:${kind}`, [PAYLOADS[kind]]])),
  input: [
    { kind: 'new', opening: opening() },
    { kind: 'continued', carried: { state, config: exampleSnapshot, outbox: [], lastSeq: 3, fired: ['review:1'] } },
  ],
  id: ['london', 'barts'],
};

/** Every path into a JSON value: where a mutation can land. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (value && typeof value === 'object')
    return [at, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return [at];
}

type Mutation = { path: number; op: 'replace' | 'delete' | 'add'; value: unknown };

function mutated(sample: unknown, paths: (string | number)[][], m: Mutation): unknown {
  const path = paths[m.path % paths.length];
  if (!path.length) return m.op === 'replace' ? m.value : sample;
  const copy = structuredClone(sample);
  type Container = Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Container)[k], copy) as Container | unknown[];
  const key = path.at(-1)!;
  if (Array.isArray(parent)) {
    if (m.op === 'replace') parent[Number(key)] = m.value;
    else if (m.op === 'delete') parent.splice(Number(key), 1);
    else parent.push(m.value);
  } else if (m.op === 'replace') parent[key] = m.value;
  else if (m.op === 'delete') delete parent[key];
  else parent[`extra${String(key)}`] = m.value;
  return copy;
}

/** Values at the edges of what the schemas check: sizes, formats, types, control characters. */
const tricky = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    '',
    ' ',
    '  x  ',
    'a'.repeat(4001),
    '2026-02-30',
    '2026-12-31',
    '2026-12-31T17:00:00Z',
    'not@mail',
    'ab\u0007c',
    '0'.repeat(64),
    'London',
  ),
  fc.constantFrom(
    0,
    -1,
    1.5,
    5,
    6,
    25,
    26,
    100_001,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    NaN,
    Infinity,
    null,
    true,
    [],
    {},
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.array(fc.string(), { maxLength: 25 }),
);
const mutation = fc.record({ path: fc.nat(), op: fc.constantFrom('replace', 'delete', 'add' as const), value: tricky });

describe('the compiled validators', () => {
  it('are generated from the current schemas', () => {
    expect(readFileSync(SPECS_FILE, 'utf8')).toBe(specsSource(compileSpecs()));
  });

  it('have a fixture the schemas accept for every root', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(SPEC_ROOTS).sort());
    expect(state.audit.length).toBe(10);
    for (const [root, samples] of Object.entries(FIXTURES)) {
      for (const sample of samples) expect([root, byZod(root, sample)]).toMatchObject([root, { ok: true }]);
    }
  });

  it.each(Object.keys(FIXTURES))('agree with zod on the %s fixtures', (root) => {
    for (const sample of FIXTURES[root]) expectAgreement(root, sample);
  });

  it.each(Object.keys(FIXTURES))('agree with zod on %s fixtures changed anywhere (fast-check)', (root) => {
    const samples = FIXTURES[root];
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, changes) => {
        let value = samples[which % samples.length];
        for (const change of changes) value = mutated(value, pathsOf(value), change);
        expectAgreement(root, value);
      }),
      { numRuns: root === 'input' ? 400 : 150 },
    );
  });

  // What a hostile sender would try on a run's input or a decision: a prototype key (JSON.parse
  // makes it an own property), an array far past its maximum, a deep nest where text is expected.
  /** As Temporal's JSON converter hands the workflow a payload. */
  const json = (text: string): unknown => JSON.parse(text);
  it.each([
    ['opening', json(`{"__proto__": {"admin": true}, ${JSON.stringify(opening()).slice(1)}`)],
    ['opening', { ...opening(), contacts: json('{"__proto__": ["x@y.org"], "educators": ["a@b.org"]}') }],
    ['decision:plan-share', { ...actor, with: Array.from({ length: 100_000 }, () => 'GMC') }],
    ['decision:propose', { ...PAYLOADS.propose, rationale: json('['.repeat(5000) + ']'.repeat(5000)) }],
    ['input', { kind: 'continued', carried: json(`{"__proto__": 1, "state": ${JSON.stringify(state)}}`) }],
  ] as [string, unknown][])('agree with zod on a hostile %s', (root, value) => {
    expectAgreement(root, value);
    // Refused, or (a prototype key in a record, which zod skips) taken without it.
    const answer = bySpec(root, value);
    if (answer.ok) expect(answer.json).not.toContain('__proto__');
    else expect(answer.reason).not.toBe('');
  });

  it.each(Object.keys(FIXTURES))('agree with zod on anything at all as %s (fast-check)', (root) => {
    fc.assert(fc.property(tricky, (value) => expectAgreement(root, value)));
  });
});
