// Temporal Server as the team deployment runs it, for the cluster test: the release compose pins,
// built from source (ops/temporal-server.ts), on a PostgreSQL of the test's own, with SQL
// visibility and 4 history shards; its schemas set up by deploy/setup-postgres.sh, the script
// compose's temporal-schema job runs; compose's dynamic configuration.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ensureTemporalServer, type TemporalServerBuild } from '../../ops/temporal-server';
import { freePort, listening, temporalAnswers } from '../../ops/wait';
import { Postgres } from './postgres';
import { ROOT } from './processes';
import { ServerProcess } from './server-process';

export class TemporalServer extends ServerProcess {
  private constructor(
    readonly postgres: Postgres,
    readonly build: TemporalServerBuild,
    readonly configFile: string,
    readonly port: number,
  ) {
    super();
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The read model in a database of its own beside Temporal's, as compose has it (deploy/setup-postgres.sh makes it). */
  get env(): NodeJS.ProcessEnv {
    const { user, password, host, port } = this.postgres;
    return { ISF_READ_MODEL: `postgres://${user}:${password}@${host}:${port}/isf_read_model` };
  }

  /** PostgreSQL, the schemas, and the server; `dir` holds its configuration. */
  static async start(dir: string, progress: (message: string) => void = () => undefined): Promise<TemporalServer> {
    const build = ensureTemporalServer(undefined, progress);
    const postgres = await Postgres.start();
    try {
      setUpSchemas(postgres, build);
      const [frontend, history, matching, worker] = await Promise.all(Array.from({ length: 4 }, () => freePort()));
      // Membership ports are kept in a smallint column: below 32768.
      const membership = await lowPorts(4);
      const configFile = join(dir, 'temporal', 'config.yaml');
      mkdirSync(dirname(configFile), { recursive: true });
      writeFileSync(configFile, stringify(serverConfig(postgres, { frontend, history, matching, worker, membership })));
      const server = new TemporalServer(postgres, build, configFile, frontend);
      await server.start();
      return server;
    } catch (err) {
      postgres.teardown();
      throw err;
    }
  }

  async start(): Promise<void> {
    const args = ['--config-file', this.configFile, '--allow-no-auth', 'start'];
    await this.launch(
      `Temporal Server ${this.build.version} on ${this.address}`,
      this.build.server,
      args,
      async () => (await listening('127.0.0.1', this.port)) && temporalAnswers({ address: this.address }),
      180_000,
    );
  }

  async teardown(): Promise<void> {
    await this.stop();
    this.postgres.teardown();
  }
}

/** `count` ports nothing listens on, below 32768. */
async function lowPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && (await free(port))) ports.push(port);
  }
  return ports;
}

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** deploy/setup-postgres.sh, as compose runs it, against this PostgreSQL and this release's schemas. */
function setUpSchemas(pg: Postgres, build: TemporalServerBuild): void {
  const ran = spawnSync('sh', [join(ROOT, 'deploy', 'setup-postgres.sh')], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${dirname(build.sqlTool)}:${process.env.PATH ?? ''}`,
      POSTGRES_SEEDS: pg.host,
      DB_PORT: String(pg.port),
      POSTGRES_USER: pg.user,
      SQL_PASSWORD: pg.password,
      SCHEMA_DIR: build.schemaDir,
    },
  });
  if (ran.status !== 0)
    throw new Error(`deploy/setup-postgres.sh failed (${ran.status}):\n${ran.stdout}\n${ran.stderr}`);
}

interface Ports {
  frontend: number;
  history: number;
  matching: number;
  worker: number;
  membership: number[];
}

/** The release's development-postgres12.yaml, on free ports, without archival or pprof. */
function serverConfig(pg: Postgres, ports: Ports) {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${pg.host}:${pg.port}`,
      connectProtocol: 'tcp',
      user: pg.user,
      password: pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: 4,
      datastores: { 'postgres-default': store('temporal', 20), 'postgres-visibility': store('temporal_visibility', 4) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: rpc(ports.frontend, ports.membership[0]),
      history: rpc(ports.history, ports.membership[1]),
      matching: rpc(ports.matching, ports.membership[2]),
      worker: rpc(ports.worker, ports.membership[3]),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    // The dynamic configuration compose gives its server.
    dynamicConfigClient: {
      filepath: join(ROOT, 'deploy', 'dynamicconfig', 'development-sql.yaml'),
      pollInterval: '10s',
    },
  };
}
