// The `policy:` section of the configuration: the numbers the workflow applies. Pure (no I/O) so
// that the workflow can hold it; loaded and checked by config/load.ts.
import { z } from 'zod';
import { DEFAULT_REGISTER_THRESHOLD, RATING_MAX } from '../policy';

export const policySchema = z
  .object({
    registerThreshold: z
      .number()
      .int()
      .min(1)
      .max(RATING_MAX * RATING_MAX)
      .default(DEFAULT_REGISTER_THRESHOLD),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export const DEFAULT_POLICY: Policy = policySchema.parse({});
