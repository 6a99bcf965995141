// What the workflow checks people's payloads and its own input with: the zod schemas, compiled
// (concern/specs.generated.ts) and run by concern/spec.ts. One validator for every concern a worker
// runs: worker/bundle.ts preloads this module, so the SDK shares it between concerns instead of
// evaluating it for each. The admin script and the service check with the zod schemas themselves.
import type { DecisionKind, DecisionPayload, Opening } from './inputs';
import { describeInvalid, type Checked } from './invalid';
import type { CheckedInput } from './run-input';
import { Validator } from './spec';
import { SPECS } from './specs.generated';

const validator = new Validator(SPECS);

function checked<T>(root: string, value: unknown, name?: string): Checked<T> {
  const result = validator.parse(root, value);
  return result.ok ? { ok: true, value: result.value as T } : { ok: false, reason: describeInvalid(result, name) };
}

/** A new concern's opening (concern/inputs.ts openingSchema). */
export const checkOpening = (value: unknown): Checked<Opening> => checked('opening', value);

/** A decision's payload (concern/inputs.ts DECISION_SCHEMAS). */
export const checkDecision = <K extends DecisionKind>(kind: K, value: unknown): Checked<DecisionPayload<K>> =>
  checked(`decision:${kind}`, value);

/** A run's input (concern/run-input.ts). */
export const checkRunInput = (value: unknown): Checked<CheckedInput> => checked('input', value, 'input');

/** A user, region or provider id (concern/inputs.ts idSchema). */
export const checkId = (value: unknown, name: string): Checked<string> => checked('id', value, name);
