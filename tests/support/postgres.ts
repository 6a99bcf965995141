// A PostgreSQL server of the test's own: Debian's server binaries, `initdb` in a temporary folder,
// listening on loopback only, with a superuser and password as compose gives the Temporal server.
// Run as the `postgres` user when the tests run as root (PostgreSQL refuses root).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, listening, waitUntil } from '../../ops/wait';

/** The newest Debian PostgreSQL server installed, or PG_BIN. */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length)
    throw new Error(
      'no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql), and PG_BIN is not set',
    );
  return join(root, versions[0], 'bin');
}

export class Postgres {
  readonly user = 'temporal';
  readonly password = randomBytes(12).toString('hex');

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  get host(): string {
    return '127.0.0.1';
  }

  /** Creates the cluster and starts it. */
  static async start(): Promise<Postgres> {
    const dir = mkdtempSync(join(tmpdir(), 'isf-pg-'));
    const pg = new Postgres(dir, await freePort(), postgresBin());
    chmodSync(dir, 0o700);
    if (asRoot()) execFileSync('chown', ['postgres:postgres', dir]);
    const pwfile = join(dir, 'pw');
    writeFileSync(pwfile, `${pg.password}\n`, { mode: 0o600 });
    if (asRoot()) execFileSync('chown', ['postgres:postgres', pwfile]);
    pg.run('initdb', [
      '-D',
      join(dir, 'data'),
      '-U',
      pg.user,
      `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=peer',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    rmSync(pwfile);
    await pg.up();
    return pg;
  }

  /** Starts the server on its folder and port (again, after stop()). */
  async up(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off`;
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', options, '-w', 'start']);
    await waitUntil('PostgreSQL', () => listening(this.host, this.port));
  }

  /** As an operator stops it: fast shutdown, connections cut. */
  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  teardown(): void {
    spawnSync(...this.command('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', 'stop']));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private command(program: string, args: string[]): [string, string[]] {
    const path = join(this.bin, program);
    return asRoot() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }

  private run(program: string, args: string[]): void {
    const [cmd, argv] = this.command(program, args);
    const ran = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (ran.status !== 0) throw new Error(`${program} failed (${ran.status}):\n${ran.stdout}\n${ran.stderr}`);
  }
}

const asRoot = () => process.getuid?.() === 0;
