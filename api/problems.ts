// Problem details (RFC 9457) the ISF service answers with, and what each means to the admin
// script: one place for the HTTP status, the problem type and the exit code.
export const PROBLEMS = {
  /** No signature at all. */
  unsigned: { status: 401, title: 'Unsigned request' },
  /** A signature that does not verify, or does not cover what it must. */
  'bad-signature': { status: 401, title: 'Bad signature' },
  /** A signature made longer ago than security.signatureMaxAge (or in the future). */
  'stale-signature': { status: 401, title: 'Stale signature' },
  /** A nonce already used. */
  'replayed-signature': { status: 401, title: 'Replayed signature' },
  /** Signed, but not allowed: another region's concern, or a decision in someone else's name. */
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  /** The request itself is malformed: a field, a value. */
  invalid: { status: 400, title: 'Invalid request' },
  /** Refused by the ISF rules (the concern says why). */
  refused: { status: 409, title: 'Refused' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  /** Temporal or the worker cannot be reached, or did not answer in time. */
  unavailable: { status: 503, title: 'Temporal unavailable' },
} as const;

export type ProblemType = keyof typeof PROBLEMS;

export interface Problem {
  /** `/problems/<type>`, a URI reference relative to the service. */
  type: string;
  title: string;
  status: number;
  /** One line for a person: what and why. */
  detail: string;
}

export const problemUri = (type: ProblemType) => `/problems/${type}`;

export function problem(type: ProblemType, detail: string): Problem {
  return { type: problemUri(type), title: PROBLEMS[type].title, status: PROBLEMS[type].status, detail };
}

/** The admin script's exit code for an HTTP status: 3 not found, 4 unreachable, else 1 (refused). */
export function exitCodeOf(status: number): 1 | 3 | 4 {
  if (status === 404) return 3;
  if (status >= 500) return 4;
  return 1;
}
