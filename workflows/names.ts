// Names the client, the worker and operators share.
export const TASK_QUEUE = 'isf-concerns';
export const CONCERN_WORKFLOW_TYPE = 'concern';
const WORKFLOW_ID_PREFIX = 'concern-';

export function concernWorkflowId(ref: string): string {
  return `${WORKFLOW_ID_PREFIX}${ref}`;
}

/** The ref of a concern's workflow id, or undefined for other workflows (the weekly digest). */
export function concernRefOf(workflowId: string): string | undefined {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : undefined;
}

/**
 * Whether a workflow is the concern it claims to be: a concern is only ever read under its own id,
 * concern-<ref>, so a workflow someone started under another id with a copied state is not listed.
 */
export function ownsRef(workflowId: string, ref: string | undefined): boolean {
  return ref !== undefined && workflowId === concernWorkflowId(ref);
}

/** Visibility query for every open concern; add clauses with AND. */
