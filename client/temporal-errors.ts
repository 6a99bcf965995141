// How what the Temporal client throws maps to the admin script's exit codes and one-line errors.
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { CliError, EXIT, notFoundError, refusedError } from './errors';

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
  return new CliError(
    EXIT.unavailable,
    `unexpected answer from Temporal: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}${cause ? ` (${cause})` : ''}`,
  );
}
