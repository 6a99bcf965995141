// Where the project and its data are, whatever the current directory: a key file found relative to
// wherever someone happens to run `isf` from would be no key file at all.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The project root, from the sources (config/) or the compiled code (dist/config/). */
export const PROJECT_ROOT =
  [join(__dirname, '..'), join(__dirname, '..', '..')].find((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'config', 'isf.example.yaml'))) ??
  join(__dirname, '..');

/** ISF_DATA_DIR as an absolute path: a relative one is taken from the project, not the current directory. */
export function dataDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(PROJECT_ROOT, env.ISF_DATA_DIR || '.data');
}
