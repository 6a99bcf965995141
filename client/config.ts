// The admin script reads the configuration only for what needs it (who a user is, the policy
// durations for `isf due`, the regions for schedules); a bad file is a refusal naming the field.
import { ConfigError, configPath, loadConfig } from '../config/load';
import type { Config } from '../config/schema';
import { refusedError } from './errors';

export function clientConfig(): Config {
  try {
    return loadConfig(configPath());
  } catch (err) {
    if (err instanceof ConfigError) throw refusedError(err.message);
    throw err;
  }
}
