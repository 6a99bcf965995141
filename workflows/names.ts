// Names the client, the worker and operators share.
export const TASK_QUEUE = 'isf-concerns';
export const CONCERN_WORKFLOW_TYPE = 'concern';
const WORKFLOW_ID_PREFIX = 'concern-';

export function concernWorkflowId(ref: string): string {
  return `${WORKFLOW_ID_PREFIX}${ref}`;
}
