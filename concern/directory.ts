// The part of the configuration that decisions are checked against inside the workflow: who the
// users are, what they may do and where. No addresses: those stay with the worker's activities.
import { z } from 'zod';
import { USER_ROLES } from '../policy';
import { policySchema } from '../config/settings';

const hexKey = z.string().regex(/^[0-9a-f]{64}$/);

const directoryUserSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.enum(USER_ROLES)),
    /** Regions a quality-team or regional-governance user acts for; national roles act everywhere. */
    regions: z.array(z.string()),
    /** Ed25519 public key (hex) that the user's decisions are verified against. */
    publicKey: hexKey.optional(),
    /** Keys the user signed with before: they verify past decisions, never new ones. */
    retiredKeys: z.array(hexKey).optional(),
  })
  .strict();
export type DirectoryUser = z.output<typeof directoryUserSchema>;

/** How decisions are verified. */
const securitySchema = z
  .object({
    requireSignedDecisions: z.boolean(),
    /** How far a signature's time may be from the concern's time, in milliseconds. */
    signatureMaxAgeMs: z.number().int().positive(),
    /** The demo configuration: its users' keys are published, so they prove nothing. */
    demo: z.boolean().optional(),
  })
  .strict();
export type Security = z.output<typeof securitySchema>;

const directorySchema = z
  .object({
    users: z.array(directoryUserSchema),
    regions: z.array(z.string()),
    /** Provider id → the region it belongs to. */
    providers: z.record(z.string(), z.string()),
    /** Regulators and system partners with addresses, that plans can be shared with (absent in snapshots from before sharing). */
    organisations: z.array(z.string()).optional(),
  })
  .strict();
export type Directory = z.output<typeof directorySchema>;

/** What the worker hands each concern: the directory and the policy, with a version to spot changes. */
export const configSnapshotSchema = z
  .object({
    version: z.string(),
    directory: directorySchema,
    policy: policySchema,
    security: securitySchema,
  })
  .strict();
export type ConfigSnapshot = z.output<typeof configSnapshotSchema>;
