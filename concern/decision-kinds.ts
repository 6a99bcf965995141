// Every decision after the opening, by the name of its update and admin-script command: its schema
// is in concern/inputs.ts (DECISION_SCHEMAS, which must name exactly these), its rules in decide.ts.
// Apart from the schemas so that the workflow can name them without loading zod.
export const DECISION_KINDS = [
  'propose',
  'confirm',
  'challenge',
  'sign-off',
  'rate',
  'close',
  'review',
  'intervene',
  'plan-add',
  'plan-agree',
  'plan-done',
  'decommission',
  'good-practice',
  'plan-share',
  'audience',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
