// Structured logs: one JSON object per line on stdout, for `docker compose logs`, journald or a log
// shipper. The SDK's logs (workflow, activity, worker, and the Rust core's, forwarded) all go
// through here, so every line that concerns one concern carries its `ref`.
import { DefaultLogger, type LogEntry, type LogLevel, type Logger } from '@temporalio/worker';
import { concernRefOf } from '../workflows/names';

function plain(value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** An activity's task token lets its holder complete the activity: it stays out of logs. */
const WITHHELD = new Set(['ref', 'taskToken']);

export function logLine(entry: LogEntry): string {
  const meta = entry.meta ?? {};
  const workflowId = typeof meta.workflowId === 'string' ? meta.workflowId : undefined;
  const ref = typeof meta.ref === 'string' ? meta.ref : workflowId ? concernRefOf(workflowId) : undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) if (!WITHHELD.has(key)) fields[key] = plain(value);
  const line = {
    time: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
    level: entry.level.toLowerCase(),
    ...(ref ? { ref } : {}),
    message: entry.message,
    ...fields,
  };
  return JSON.stringify(line, (_key, value: unknown) => plain(value));
}

export function jsonLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  return new DefaultLogger(level, (entry) => write(logLine(entry)));
}
