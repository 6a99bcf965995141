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

// Reinstatement from category 4 rests on "feedback from consultants, non-training grade doctors
// and other professionals, as well as from learners": the feedback kinds of evidence.
export const FEEDBACK_KINDS = ['consultant-feedback', 'staff-feedback', 'learner-feedback'] as const;

// "Categorisation is not static; concerns can move between categories on the grounds of
// triangulated evidence", with "triangulation of evidence and, where appropriate, clinical
// opinion". Evidence behind a move: the sources of opening, clinical opinion, and what the
// provider itself reports.
export const EVIDENCE_KINDS = [...EVIDENCE_SOURCES, 'clinical-opinion', 'provider-report', ...FEEDBACK_KINDS] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface EvidenceItem {
  kind: EvidenceKind;
  text: string;
}

/** Kinds of evidence a proposal needs: none to stay, one to move, two different ones (triangulated) into or out of category 4. */
export function evidenceNeeded(from: number, to: number): { items: number; kinds: number } {
  if (from === to) return { items: 0, kinds: 0 };
  if (from === 4 || to === 4) return { items: 2, kinds: 2 };
  return { items: 1, kinds: 1 };
}

/**
 * Why the evidence given does not carry a move from one category to another, or null when it
 * does. `move` names the move in the refusal (decommissioning is a move out of category 4).
 */
export function evidenceShortfall(
  from: number,
  to: number,
  evidence: readonly EvidenceItem[],
  move = `a move ${to === 4 ? 'into' : 'out of'} category 4`,
): string | null {
  const needed = evidenceNeeded(from, to);
  const kinds = new Set(evidence.map((e) => e.kind)).size;
  if (evidence.length >= needed.items && kinds >= needed.kinds) return null;
  if (needed.kinds === 2) {
    return evidence.length === 0
      ? `evidence: ${move} needs triangulated evidence: at least two items of different kinds (--evidence KIND:TEXT, twice); none given`
      : `evidence: ${move} needs triangulated evidence: at least two items of different kinds; only ${[...new Set(evidence.map((e) => e.kind))].join(', ')} given`;
  }
  return `evidence: moving from category ${from} to ${to} needs at least one item of evidence (--evidence KIND:TEXT); none given`;
}

export const describeEvidence = (e: EvidenceItem): string => `${e.kind}: ${e.text}`;
