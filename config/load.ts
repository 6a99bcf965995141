// Reads the YAML configuration and checks it; an error names the file and the bad field.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { check } from '../concern/invalid';
import type { ConfigSnapshot } from '../concern/directory';
import { durationMs } from './durations';
import { configSchema, type Config } from './schema';

export { ConfigError } from './errors';
import { ConfigError } from './errors';
export { EXAMPLE_CONFIG } from './paths';
import { configPath } from './env';

export { configPath };

function parseYaml(text: string, file: string): unknown {
  try {
    return parse(text);
  } catch (err) {
    throw new ConfigError(
      `${file}: not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `${file}: cannot read the configuration (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else (lists too) is replaced. */
function overlay(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) merged[k] = k in base ? overlay(base[k], v) : v;
  return merged;
}

/**
 * `extends: other.yaml` (relative to this file) takes that file and overlays this one on it: a
 * demo with short durations is the example plus a `policy:` section.
 */
function resolveExtends(raw: unknown, file: string, seen: string[] = []): unknown {
  if (!isObject(raw) || raw.extends === undefined) return raw;
  if (typeof raw.extends !== 'string')
    throw new ConfigError(`${file}: extends: must be the path of another configuration file`);
  const base = resolve(dirname(file), raw.extends);
  if (seen.includes(base)) throw new ConfigError(`${file}: extends: ${raw.extends} extends this file again`);
  const { extends: _omit, ...rest } = raw;
  void _omit;
  return overlay(resolveExtends(parseYaml(readText(base), base), base, [...seen, file]), rest);
}

export function parseConfig(text: string, file: string): Config {
  const checked = check(configSchema, resolveExtends(parseYaml(text, file), file, [resolve(file)]));
  if (!checked.ok) throw new ConfigError(`${file}: ${checked.reason}`);
  return checked.value;
}

export function loadConfig(file = configPath()): Config {
  return parseConfig(readText(file), file);
}

/**
 * The worker's configuration, re-read when the file changes (checked at most once a second), so
 * that `isf config apply` and an edited file take effect without a restart. A file that no longer
 * checks out is reported and the last good configuration kept.
 */
export function watchedConfig(file: string, onError: (err: ConfigError) => void = () => undefined): () => Config {
  let current = loadConfig(file);
  let stamp = statSync(file).mtimeMs;
  let checked = Date.now();
  return () => {
    if (Date.now() - checked < 1000) return current;
    checked = Date.now();
    try {
      const mtime = statSync(file).mtimeMs;
      if (mtime !== stamp) {
        current = loadConfig(file);
        stamp = mtime;
      }
    } catch (err) {
      if (err instanceof ConfigError) onError(err);
      else throw err;
    }
    return current;
  };
}

/** What each concern holds of the configuration, with a version that changes when it does. */
export function snapshotOf(config: Config): ConfigSnapshot {
  const directory = {
    users: config.users.map(({ id, name, roles, regions, publicKey, retiredKeys }) => ({
      id,
      name,
      roles,
      regions,
      ...(publicKey ? { publicKey } : {}),
      ...(retiredKeys.length ? { retiredKeys } : {}),
    })),
    regions: Object.keys(config.regions),
    providers: Object.fromEntries(Object.entries(config.providers).map(([id, p]) => [id, p.region])),
    organisations: [...Object.keys(config.regulators), ...Object.keys(config.partners)],
  };
  const security = {
    requireSignedDecisions: config.security.requireSignedDecisions,
    signatureMaxAgeMs: durationMs(config.security.signatureMaxAge),
    ...(config.security.demo ? { demo: true } : {}),
  };
  const body = { directory, policy: config.policy, security };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return { version, ...body };
}
