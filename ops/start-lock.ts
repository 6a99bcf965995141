// One `npm start` per ISF_DATA_DIR, and nothing left behind by one that died.
//
// `npm start` runs its children (the Temporal dev server, the mail inbox, the worker, the ISF
// service) each in a process group of its own, so that Ctrl-C reaches it alone and it stops them
// in order. Killed outright (SIGKILL, a terminal that vanished), it cannot: its children would run
// on, holding the ports and the database. So it keeps a lock file under ISF_DATA_DIR naming itself
// and every child it started, each with the kernel's start time of the process (so a pid reused by
// some other process is never mistaken for ours). The next `npm start` on that folder reads it:
// a live `npm start` there means a one-line refusal; a dead one means its children are stopped
// (SIGTERM, then SIGKILL) before anything starts.
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

export const LOCK_FILE = 'npm-start.lock';

const processSchema = z
  .object({ name: z.string(), pid: z.number().int().positive(), started: z.string().nullable() })
  .strict();
const lockSchema = z
  .object({
    pid: z.number().int().positive(),
    started: z.string().nullable(),
    at: z.string(),
    children: z.array(processSchema),
  })
  .strict();
export type LockedProcess = z.infer<typeof processSchema>;
type Lock = z.infer<typeof lockSchema>;

/** When the kernel started this process (clock ticks since boot), or null where /proc does not say. */
export function startedAt(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name, which is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether this is still the process that was recorded: alive, and started when it was. */
export function stillRunning(p: { pid: number; started: string | null }): boolean {
  try {
    process.kill(p.pid, 0);
  } catch {
    // Gone; or EPERM, alive but another user's, so not ours either.
    return false;
  }
  const now = startedAt(p.pid);
  return p.started === null || now === null ? true : now === p.started;
}

/** The parent of a process, from /proc, or null where /proc does not say. */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || null;
  } catch {
    return null;
  }
}

/**
 * Who started us, whose death means we should stop: our parent and, when npm ran us (npm runs a
 * script through `sh -c`, which waits), npm itself. Each recorded with its start time.
 */
export function startedBy(env: NodeJS.ProcessEnv = process.env): { pid: number; started: string | null }[] {
  const parent = process.ppid;
  const chain = [{ pid: parent, started: startedAt(parent) }];
  const grandparent = env.npm_lifecycle_event ? parentOf(parent) : null;
  if (grandparent && grandparent > 1) chain.push({ pid: grandparent, started: startedAt(grandparent) });
  return chain;
}

export class StartLockedError extends Error {}

export interface StartLock {
  /** Records a child as started, so that a later start can stop it if we die. */
  add(name: string, pid: number): void;
  /** Gives the folder up: after a clean stop. */
  release(): void;
}

/**
 * Takes the folder for this `npm start`. Refuses (StartLockedError) while another runs there;
 * stops what a dead one left running first, telling `report` what it stopped.
 */
export async function takeStartLock(dataDir: string, report: (message: string) => void): Promise<StartLock> {
  const file = join(dataDir, LOCK_FILE);
  const me: Lock = { pid: process.pid, started: startedAt(process.pid), at: new Date().toISOString(), children: [] };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw err;
    }
    const held = readLock(file);
    if (held && stillRunning(held)) {
      throw new StartLockedError(
        `npm start is already running on ${dataDir} (pid ${held.pid}, since ${held.at}): stop it first (Ctrl-C in its terminal, or kill ${held.pid}), or give this one another ISF_DATA_DIR`,
      );
    }
    const left = (held?.children ?? []).filter(stillRunning);
    if (left.length) {
      report(
        `the last npm start on ${dataDir} (pid ${held!.pid}) did not stop cleanly; stopping what it left running: ${left.map((c) => `${c.name} (pid ${c.pid})`).join(', ')}`,
      );
      await stopAll(left);
    }
    rmSync(file, { force: true });
  }
  const write = () => {
    const next = `${file}.${process.pid}`;
    writeFileSync(next, `${JSON.stringify(me)}\n`, { mode: 0o600 });
    renameSync(next, file);
  };
  return {
    add(name, pid) {
      me.children.push({ name, pid, started: startedAt(pid) });
      write();
    },
    release() {
      const held = readLock(file);
      if (held?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

function readLock(file: string): Lock | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = lockSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Stops recorded processes, each with its whole process group: SIGTERM, then SIGKILL after 10 s. */
async function stopAll(processes: LockedProcess[]): Promise<void> {
  const signal = (p: LockedProcess, sig: NodeJS.Signals) => {
    for (const target of [-p.pid, p.pid]) {
      try {
        process.kill(target, sig);
      } catch {
        // Gone already, or not a group leader.
      }
    }
  };
  for (const p of processes) signal(p, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (processes.some(stillRunning) && Date.now() < deadline) await sleep(100);
  for (const p of processes.filter(stillRunning)) signal(p, 'SIGKILL');
  const killed = Date.now() + 5_000;
  while (processes.some(stillRunning) && Date.now() < killed) await sleep(50);
}
