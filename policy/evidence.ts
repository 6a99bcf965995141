// "Concerns can be identified from evidence sources, including (but not restricted to) learner
// survey data, complaints, concerns from regulators and ALBs, learner committees /
// representatives, alerts from providers, and so on", then triangulated "via quality
// interventions".
export const EVIDENCE_SOURCES = [
  'learner-survey',
  'complaint',
  'regulator',
  'alb',
  'learner-representatives',
  'provider-alert',
  'quality-intervention',
  'other',
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];
