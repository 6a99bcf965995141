// Files that hold concern data (exports, the governance pack, the local mail store) name hospitals
// and people: readable by their owner alone, whatever the umask, and never written outside the
// folder they were asked for.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

/** Creates the folder (and its parents) for its owner alone. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Writes the file for its owner alone (mode 600), also when it existed with another mode. */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** `name` inside `dir`, or an error: a name from elsewhere (a concern's ref) never leads out of it. */
export function within(dir: string, name: string): string {
  const path = resolve(dir, name);
  const rel = relative(resolve(dir), path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || resolve(rel) === rel)
    throw new Error(`${name}: not a path inside ${dir}`);
  return path;
}
