// The log levels the SDK knows, in order; ISF_LOG_LEVEL names one of them.
import type { LogLevel } from '@temporalio/common';

export type { LogLevel };
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const satisfies readonly LogLevel[];
