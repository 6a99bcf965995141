// The Temporal Server the team deployment runs, built from source for the cluster test.
//
// docker-compose.yml pins the server image; that tag is the one version, stated once: this module
// reads it from there and builds the same release from the Go module proxy (`go install
// go.temporal.io/server/cmd/server@vX.Y.Z`, and `…/cmd/tools/sql` for temporal-sql-tool) into a
// git-ignored folder. Go keeps the module and build caches (~/go/pkg/mod, ~/.cache/go-build), so
// the first build takes minutes and a later one, even in a fresh clone, seconds.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../config/paths';

/** Building Temporal Server 1.32 needs Go 1.26.10 or newer: `go` fetches this toolchain when older. */
export const GO_TOOLCHAIN = 'go1.27.3';

export const COMPOSE_FILE = join(PROJECT_ROOT, 'docker-compose.yml');

interface ComposeDocument {
  services: Record<string, { image?: string }>;
}

/** The image tag of a compose service (`temporal`, `temporal-schema`). */
export function composeImageTag(service: string, file = COMPOSE_FILE): string {
  const doc = parse(readFileSync(file, 'utf8')) as ComposeDocument;
  const image = doc.services[service]?.image;
  const tag = image?.split(':')[1];
  if (!tag) throw new Error(`${file}: services.${service}.image has no tag`);
  return tag;
}

/** The Temporal Server release the deployment runs: the tag of compose's `temporal` image. */
export function temporalServerVersion(file = COMPOSE_FILE): string {
  const tag = composeImageTag('temporal', file);
  if (!/^\d+\.\d+\.\d+$/.test(tag))
    throw new Error(`${file}: services.temporal.image tag '${tag}' is not a release (X.Y.Z)`);
  return tag;
}

export interface TemporalServerBuild {
  version: string;
  /** `temporal-server`. */
  server: string;
  /** `temporal-sql-tool`. */
  sqlTool: string;
  /** The release's PostgreSQL schemas: `…/schema/postgresql/v12` (temporal/ and visibility/). */
  schemaDir: string;
}

const MODULE = 'go.temporal.io/server';

function go(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('go', args, {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: GO_TOOLCHAIN, ...env },
  }).trim();
}

/** Where the build goes: `.temporal-server/vX.Y.Z/` in the project (git-ignored). */
export function buildDir(version: string): string {
  return join(PROJECT_ROOT, '.temporal-server', `v${version}`);
}

/**
 * The server and the SQL tool of `version`, built if not there yet. `progress` hears what takes
 * time. Throws with what to do when Go is missing.
 */
export function ensureTemporalServer(
  version = temporalServerVersion(),
  progress: (message: string) => void = () => undefined,
): TemporalServerBuild {
  if (spawnSync('go', ['version']).status !== 0)
    throw new Error(
      'go not found: the cluster test builds Temporal Server from source (install Go 1.22 or newer; it fetches the toolchain it needs)',
    );
  const bin = buildDir(version);
  const server = join(bin, 'temporal-server');
  const sqlTool = join(bin, 'temporal-sql-tool');
  const binaries = [
    { path: server, pkg: `${MODULE}/cmd/server`, built: 'server' },
    { path: sqlTool, pkg: `${MODULE}/cmd/tools/sql`, built: 'sql' },
  ];
  for (const b of binaries.filter((x) => !existsSync(x.path))) {
    progress(`building ${b.pkg}@v${version} with ${GO_TOOLCHAIN} (minutes the first time; Go caches it after)…`);
    const started = Date.now();
    go(['install', `${b.pkg}@v${version}`], { GOBIN: bin });
    // `go install` names the binary after its package folder.
    execFileSync('mv', [join(bin, b.built), b.path]);
    progress(`built ${b.path} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  const modules = go(['env', 'GOMODCACHE']);
  const schemaDir = join(modules, `${MODULE}@v${version}`, 'schema', 'postgresql', 'v12');
  if (!existsSync(schemaDir))
    throw new Error(
      `${schemaDir}: the release's schemas are missing from the Go module cache (go clean -modcache, then build again)`,
    );
  return { version, server, sqlTool, schemaDir };
}
