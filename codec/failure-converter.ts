// Failure messages and stack traces go through the payload codec too: a refused opening quotes
// what was typed. Loaded by path, so the workflow sandbox can use it as well.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
