// The admin script's exit codes, and how every failure maps to one of them.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

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

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
const status = { CANCELLED: 1, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;
const UNAVAILABLE = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED]);

function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (isGrpcServiceError(e)) return e.code;
    if (typeof (e as { code?: unknown }).code === 'number' && (e as { details?: unknown }).details !== undefined) {
      return (e as { code: number }).code;
    }
  }
  return undefined;
}

/** Too many decisions in flight on one concern, or a rate limit: worth retrying shortly. */
export function isResourceExhausted(err: unknown): boolean {
  return grpcCode(err) === status.RESOURCE_EXHAUSTED;
}

/** Turns what the Temporal client threw into the admin script's answer. */
export function toCliError(err: unknown, ref?: string): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure || cause instanceof Error) return refusedError(cause.message);
    return refusedError(err.message);
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return refusedError(`ref: concern '${ref ?? err.workflowId}' already exists`);
  }
  if (err instanceof WorkflowNotFoundError && ref) return notFoundError(ref);
  const code = grpcCode(err);
  if (code === status.NOT_FOUND && ref) return notFoundError(ref);
  if (code !== undefined && UNAVAILABLE.has(code)) {
    return new CliError(EXIT.unavailable, `Temporal did not answer: ${(err as Error).message}`);
  }
  if (err instanceof Error && /connect|ECONNREFUSED|unavailable|transport/i.test(err.message)) {
    return new CliError(EXIT.unavailable, `cannot reach Temporal: ${err.message}`);
  }
  const cause = (err as { cause?: { message?: string } }).cause?.message;
  return new CliError(EXIT.unavailable, `unexpected answer from Temporal: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}${cause ? ` (${cause})` : ''}`);
}
