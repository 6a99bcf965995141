// Where the project and its data are, whatever the current directory: a key file found relative to
// wherever someone happens to run `isf` from would be no key file at all.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The project root, from the sources (config/) or the compiled code (dist/config/). */
export const PROJECT_ROOT =
  [join(__dirname, '..'), join(__dirname, '..', '..')].find(
    (dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'config', 'isf.example.yaml')),
  ) ?? join(__dirname, '..');

/** The example configuration shipped with the repository, used when ISF_CONFIG is not set. */
export const EXAMPLE_CONFIG = join(PROJECT_ROOT, 'config', 'isf.example.yaml');
