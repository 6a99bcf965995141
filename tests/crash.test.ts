// `npm start` killed outright: by SIGKILL to its whole process group (a terminal that vanished), or
// to its parent alone (npm). Nothing of it may keep running unnoticed, the next `npm start` on the
// same ISF_DATA_DIR must start cleanly, and no concern or mail is lost. And one `npm start` per
// ISF_DATA_DIR: a second one refuses with one line.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConcernState } from '../concern/state';
import { LOCK_FILE, stillRunning, type LockedProcess } from '../ops/start-lock';
import { passes } from './support/eventually';
import { Stack, isf, run, stackEnv } from './support/processes';

jest.setTimeout(300_000);

const lockOf = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as {
    pid: number;
    started: string | null;
    at: string;
    children: LockedProcess[];
  };
const mailCount = async (env: NodeJS.ProcessEnv) =>
  ((await (await fetch(`http://127.0.0.1:${env.ISF_MAIL_WEB_PORT}/email`)).json()) as unknown[]).length;

async function openConcern(env: NodeJS.ProcessEnv, ref: string): Promise<ConcernState> {
  const ran = await isf(
    [
      'open',
      '--ref',
      ref,
      '--title',
      'Rota gaps',
      '--region',
      'london',
      '--provider',
      'barts',
      '--site',
      'Ward 3',
      '--profession',
      'nursing',
      '--learners',
      '4',
      '--source',
      'complaint',
      '--likelihood',
      '2',
      '--impact',
      '2',
      '--category',
      '1',
      '--rationale',
      'complaints',
      '--json',
    ],
    env,
  );
  if (ran.code !== 0) throw new Error(ran.stderr);
  return JSON.parse(ran.stdout) as ConcernState;
}

describe('npm start, killed outright', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'isf-crash-'));
  let env: NodeJS.ProcessEnv;
  let stack: Stack | undefined;

  beforeAll(async () => {
    env = await stackEnv(dataDir);
  });
  afterAll(async () => {
    if (stack && stack.child.exitCode === null) await stack.interrupt();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second npm start on the same ISF_DATA_DIR with one line', async () => {
    stack = await Stack.start(env, 120_000, 'group');
    const second = await run(process.execPath, [join(__dirname, '..', 'dist', 'scripts', 'start.js')], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `isf: npm start is already running on ${dataDir} (pid ${stack.child.pid}, since ${lockOf(dataDir).at}): stop it first (Ctrl-C in its terminal, or kill ${stack.child.pid}), or give this one another ISF_DATA_DIR\n`,
    );
    // The first one is untouched.
    expect((await isf(['health'], env)).code).toBe(0);
  });

  it('after SIGKILL of its whole process group, the next npm start stops what it left and starts cleanly, with every concern and mail', async () => {
    const before = await openConcern(env, 'CRASH-1');
    // Its notice sent to every recipient, and recorded.
    await passes(async () =>
      expect(
        (JSON.parse((await isf(['show', 'CRASH-1', '--json'], env)).stdout) as ConcernState).notifications,
      ).toHaveLength(1),
    );
    const mails = await mailCount(env);
    const children = lockOf(dataDir).children;
    expect(children.map((c) => c.name)).toEqual(['Temporal dev server', 'mail inbox', 'worker', 'ISF service']);

    process.kill(-stack!.child.pid!, 'SIGKILL');
    await stack!.exited;
    // Each child is in a process group of its own (so Ctrl-C reaches npm start alone): they run on.
    await new Promise((r) => setTimeout(r, 2000));
    expect(children.filter(stillRunning).map((c) => c.name)).toEqual(children.map((c) => c.name));

    stack = await Stack.start(env, 120_000, 'group');
    expect(stack.log).toContain(`isf: the last npm start on ${dataDir} (pid `);
    expect(stack.log).toMatch(
      /did not stop cleanly; stopping what it left running: Temporal dev server \(pid \d+\), mail inbox \(pid \d+\), worker \(pid \d+\), ISF service \(pid \d+\)/,
    );
    expect(children.filter(stillRunning)).toEqual([]);

    const shown = await isf(['show', 'CRASH-1', '--json'], env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ ref: 'CRASH-1', openedAt: before.openedAt });
    expect(await mailCount(env)).toBe(mails);
    // And it works: a decision, and its mail.
    expect((await isf(['confirm', 'CRASH-1', '--as', 'ben.governance'], env)).code).toBe(0);
    await passes(async () => expect(await mailCount(env)).toBeGreaterThan(mails));
  });

  it('after SIGKILL of npm alone (the shell it ran it through lives on), stops everything within seconds, and the next npm start starts cleanly', async () => {
    await stack!.interrupt();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    stack = await Stack.start(env, 120_000, 'npm');
    const lock = lockOf(dataDir);
    const mine = [{ name: 'npm start', pid: lock.pid, started: lock.started }, ...lock.children];
    stack.child.kill('SIGKILL'); // npm, not the shell it started
    await passes(() => Promise.resolve(expect(mine.filter(stillRunning)).toEqual([])), 60_000);
    expect(stack.log).toMatch(new RegExp(`what started npm start \\(pid ${stack.child.pid}\\) went away; stopping`));
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    stack = await Stack.start(env);
    expect(stack.log).not.toContain('did not stop cleanly');
    expect(JSON.parse((await isf(['show', 'CRASH-1', '--json'], env)).stdout)).toMatchObject({
      categoryStatus: 'confirmed',
    });
  });
});
