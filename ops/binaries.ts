// Where the Temporal programs are: a path named in the environment, else one on PATH, else the
// copies `npm install` put in ./.temporal (from the PyPI wheels). Nothing is downloaded at run time.
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

import { programPath } from '../config/env';
import { PROJECT_ROOT } from '../config/paths';

export { PROJECT_ROOT };

function onPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function find(
  variable: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH',
  name: string,
  env: NodeJS.ProcessEnv,
): string {
  const { named, path } = programPath(variable, env);
  if (named) {
    if (!existsSync(named)) throw new Error(`${variable}=${named}: no such file`);
    return named;
  }
  const installed = join(PROJECT_ROOT, '.temporal', 'bin', name);
  const found = onPath(name, path) ?? (existsSync(installed) ? installed : undefined);
  if (!found) {
    throw new Error(
      `${name} not found: run npm install (it installs it into ${dirname(installed)}), put it on PATH or set ${variable}`,
    );
  }
  return found;
}

/** The Temporal CLI: `temporal server start-dev` is the dev server, with the Web UI built in. */
export function temporalCli(env: NodeJS.ProcessEnv = process.env): string {
  return find('TEMPORAL_CLI_PATH', 'temporal', env);
}

/** The time-skipping test server used by the tests. */
export function temporalTestServer(env: NodeJS.ProcessEnv = process.env): string {
  return find('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server', env);
}
