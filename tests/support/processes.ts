// Real processes for end-to-end tests: `npm start`'s script and the `isf` admin script.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export { freePort } from '../../ops/wait';

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

  static async start(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Stack> {
    const stack = new Stack(spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'start.js')], { cwd: ROOT, env: { ...process.env, ...env } }));
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
