// A server the tests run as a child process and stop and start again: the Temporal dev server, or
// Temporal Server on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { waitUntil } from '../../ops/wait';

export abstract class ServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = '';

  abstract readonly address: string;

  /** What it has written since it was last started. */
  get log(): string {
    return this.output;
  }

  /** Starts `command` and waits until `ready`; an exit before that fails with the end of its output. */
  protected async launch(
    what: string,
    command: string,
    args: string[],
    ready: () => Promise<boolean>,
    timeoutMs = 60_000,
  ): Promise<void> {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.output = '';
    child.stdout.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitUntil(
      what,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${what} exited (${child.exitCode}):\n${this.output.slice(-4000)}`);
        return ready();
      },
      timeoutMs,
    );
  }

  /** As an operator stops it: SIGTERM, SIGKILL after 30 s, and wait for it to go. */
  async stop(): Promise<void> {
    const child = this.child;
    child?.kill('SIGTERM');
    const killer = setTimeout(() => child?.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(killer);
    this.child = undefined;
  }
}
