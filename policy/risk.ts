// The HEE corporate risk matrix: "scores range between 1 and 25 based on likelihood and impact",
// and "those rated 12 or above are also reported to the HEE national team via the regional and
// national risk registers".
import type { Category } from './categories';

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const DEFAULT_REGISTER_THRESHOLD = 12;

export interface RiskRating {
  likelihood: number;
  impact: number;
  score: number;
}

export function riskScore(likelihood: number, impact: number): number {
  for (const [name, value] of [
    ['likelihood', likelihood],
    ['impact', impact],
  ] as const) {
    if (!Number.isInteger(value) || value < RATING_MIN || value > RATING_MAX) {
      throw new RangeError(`${name} must be a whole number from ${RATING_MIN} to ${RATING_MAX}`);
    }
  }
  return likelihood * impact;
}

export function rate(likelihood: number, impact: number): RiskRating {
  return { likelihood, impact, score: riskScore(likelihood, impact) };
}

export interface Registers {
  regional: boolean;
  national: boolean;
}

/**
 * A concern is on the regional and national risk registers when it is rated at or above the
 * threshold, and always at categories 3 and 4 ("all concerns at category 3 will also be reported
 * via the regional and national risk registers"; category 4 concerns go to "all of the above").
 */
export function registersFor(score: number, category: Category, threshold = DEFAULT_REGISTER_THRESHOLD): Registers {
  const listed = score >= threshold || category >= 3;
  return { regional: listed, national: listed };
}

/**
 * "It is not expected that any category 1 concerns would appear on the regional or national
 * risk registers": a concern at 0 or 1 rated at or above the threshold is listed all the same,
 * and flagged so that someone looks at the rating or the category again. The other way round too:
 * a concern at 3 or 4 (on the registers by its category) rated below the threshold.
 */
export function ratingCategoryMismatch(
  score: number,
  category: Category,
  threshold = DEFAULT_REGISTER_THRESHOLD,
): boolean {
  return (category <= 1 && score >= threshold) || (category >= 3 && score < threshold);
}

/** Risk bands of the NPSA 5×5 matrix, by score: the defaults of `policy.riskBands`. */
export const DEFAULT_RISK_BANDS = {
  low: [1, 3],
  moderate: [4, 6],
  high: [8, 12],
  extreme: [15, 25],
} as const satisfies Record<string, readonly [number, number]>;
export type RiskBand = keyof typeof DEFAULT_RISK_BANDS;
export const RISK_BANDS = Object.keys(DEFAULT_RISK_BANDS) as RiskBand[];

/** Every score the matrix can produce (11, 13, 14… cannot). */
export const POSSIBLE_SCORES: readonly number[] = [
  ...new Set(Array.from({ length: 25 }, (_, i) => Math.floor(i / 5 + 1) * ((i % 5) + 1))),
].sort((a, b) => a - b);

export function riskBand(
  score: number,
  bands: Record<RiskBand, readonly [number, number]> = DEFAULT_RISK_BANDS,
): RiskBand {
  return RISK_BANDS.find((band) => score >= bands[band][0] && score <= bands[band][1]) ?? 'extreme';
}
