// The admin script's exit codes and its one-line errors. (How Temporal's errors map to them is in
// client/temporal-errors.ts, which only the service and the operator commands load.)

export const EXIT = {
  ok: 0,
  /** Refused by the rules, or invalid input. */
  refused: 1,
  usage: 2,
  notFound: 3,
  /** Temporal or the worker cannot be reached. */
  unavailable: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export const refusedError = (message: string) => new CliError(EXIT.refused, message);

/** The value a check accepted, or the refusal it gave (exit code 1). */
export function validated<T>(result: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!result.ok) throw refusedError(result.reason);
  return result.value;
}
export const notFoundError = (ref: string) => new CliError(EXIT.notFound, `no concern '${ref}'`);
