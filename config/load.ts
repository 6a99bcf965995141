// Reads the YAML configuration and checks it; an error names the file and the bad field.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { check } from '../concern/invalid';
import type { ConfigSnapshot } from '../concern/directory';
import { configSchema, type Config } from './schema';

/**
 * The example configuration shipped with the repository, used when ISF_CONFIG is not set. It sits
 * beside this file in the sources, and two levels up from the compiled dist/config/.
 */
export const EXAMPLE_CONFIG = [join(__dirname, 'isf.example.yaml'), join(__dirname, '..', '..', 'config', 'isf.example.yaml')].find(
  (candidate) => existsSync(candidate),
) ?? join(__dirname, 'isf.example.yaml');

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISF_CONFIG || EXAMPLE_CONFIG;
}

export class ConfigError extends Error {}

export function parseConfig(text: string, file: string): Config {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const checked = check(configSchema, raw);
  if (!checked.ok) throw new ConfigError(`${file}: ${checked.reason}`);
  return checked.value;
}

export function loadConfig(file = configPath()): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the configuration (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseConfig(text, file);
}

/** What each concern holds of the configuration, with a version that changes when it does. */
export function snapshotOf(config: Config): ConfigSnapshot {
  const directory = {
    users: config.users.map(({ id, name, roles, regions }) => ({ id, name, roles, regions })),
    regions: Object.keys(config.regions),
    providers: Object.fromEntries(Object.entries(config.providers).map(([id, p]) => [id, p.region])),
  };
  const body = { directory, policy: config.policy };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return { version, ...body };
}
