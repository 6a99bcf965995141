// Real processes for end-to-end tests: `npm start`'s script and the `isf` admin script.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../ops/wait';

export { freePort };

export const ROOT = join(__dirname, '..', '..');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}

/** The compiled admin script, as `npx isf` runs it. */
export function isf(args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return run(process.execPath, [join(ROOT, 'bin', 'isf.js'), ...args], env);
}

/** `npm start`'s script, running until stopped; resolves once it says the system is running. */
export class Stack {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * `how`: `child`, a child of the test; `group`, the leader of a process group of its own, as a
   * terminal starts it (so the whole group can be killed); `npm`, as npm runs it: a node process
   * (npm) running `sh -c` (which waits) running it, so that npm alone can be killed.
   */
  static async start(
    env: NodeJS.ProcessEnv,
    timeoutMs = 120_000,
    how: 'child' | 'group' | 'npm' = 'child',
  ): Promise<Stack> {
    const script = join(ROOT, 'dist', 'scripts', 'start.js');
    const options = { cwd: ROOT, env: { ...process.env, ...env }, detached: how === 'group' };
    const npm = `require('child_process').spawn('sh', ['-c', ${JSON.stringify(`"${process.execPath}" "${script}"; true`)}], { stdio: 'inherit', env: { ...process.env, npm_lifecycle_event: 'start' } })`;
    const child =
      how === 'npm' ? spawn(process.execPath, ['-e', npm], options) : spawn(process.execPath, [script], options);
    const stack = new Stack(child);
    const deadline = Date.now() + timeoutMs;
    while (!stack.output.includes('ISF concerns are running.')) {
      if (stack.child.exitCode !== null || Date.now() > deadline) {
        stack.child.kill('SIGKILL');
        throw new Error(`npm start did not come up:\n${stack.output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return stack;
  }

  get log(): string {
    return this.output;
  }

  /** What Ctrl-C does. */
  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }
}

/** `isf` on the PATH, as `npm link` puts it there (README, Start): a folder with a link to bin/isf.js. */
export function linkedIsf(): string {
  const bin = mkdtempSync(join(tmpdir(), 'isf-bin-'));
  symlinkSync(join(ROOT, 'bin', 'isf.js'), join(bin, 'isf'));
  return bin;
}

/** Ports and a data folder of its own for one `npm start`, and `isf` on the PATH. */
export async function stackEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const [temporal, ui, smtp, web, metrics, codec, service, serviceMetrics] = await Promise.all(
    Array.from({ length: 8 }, () => freePort()),
  );
  return {
    TEMPORAL_ADDRESS: `127.0.0.1:${temporal}`,
    ISF_UI_PORT: String(ui),
    ISF_MAIL_SMTP_PORT: String(smtp),
    ISF_MAIL_WEB_PORT: String(web),
    ISF_METRICS_PORT: String(metrics),
    ISF_CODEC_PORT: String(codec),
    ISF_SERVICE_PORT: String(service),
    ISF_SERVICE_METRICS_PORT: String(serviceMetrics),
    ISF_SERVICE_URL: `http://127.0.0.1:${service}`,
    ISF_DATA_DIR: dataDir,
    ISF_ACTOR: 'ana.quality',
    SMTP_URL: '',
    ISF_CONFIG: '',
    PATH: `${linkedIsf()}:${process.env.PATH ?? ''}`,
    ...extra,
  };
}

/** The commands between the README's `name:start` and `name:end` markers. */
export function readmeBlock(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`<!-- ${name}:start`), readme.indexOf(`<!-- ${name}:end`));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`README ${name} block not found`);
  return block[1];
}
