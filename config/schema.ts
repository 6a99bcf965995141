// The configuration file: who the users are, where mail goes, and the policy numbers.
import { z } from 'zod';
import { REGIONAL_USER_ROLES, REGULATORS, USER_ROLES } from '../policy';
import { contactsSchema, emailSchema, idSchema, publicKeySchema } from '../concern/inputs';
import { publicKeyProblem } from '../concern/signing';
import { DEMO_PUBLIC_KEYS } from './demo-keys';
import { durationSchema, policySchema } from './settings';

const name = z.string().trim().min(1, { error: 'must not be empty' }).max(200);

const userSchema = z
  .object({
    id: idSchema,
    name,
    email: emailSchema,
    roles: z.array(z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(', ')}` })).min(1, {
      error: 'give the user at least one role',
    }),
    regions: z.array(idSchema).default([]),
    /** The public half of the key `isf keys init` made for this user. */
    publicKey: publicKeySchema.optional(),
    /** Keys the user signed with before a new one replaced it: they verify past decisions, never new ones. */
    retiredKeys: z.array(publicKeySchema).default([]),
  })
  .strict();

const organisation = { name, contacts: contactsSchema.default({}) };

export const configSchema = z
  .object({
    mail: z
      .object({
        from: z.string().min(3).default('ISF notifications <isf-noreply@example.nhs.uk>'),
        /** Right-hand side of every Message-ID; defaults to the sender's domain. */
        messageIdDomain: z
          .string()
          .regex(/^[A-Za-z0-9.-]+$/)
          .optional(),
      })
      .strict()
      .default({ from: 'ISF notifications <isf-noreply@example.nhs.uk>' }),
    users: z.array(userSchema).min(1, { error: 'configure at least one user' }),
    regions: z.record(idSchema, z.object(organisation).strict()),
    providers: z.record(idSchema, z.object({ ...organisation, region: idSchema }).strict()),
    national: z
      .object({ contacts: contactsSchema.default({}) })
      .strict()
      .default({ contacts: {} }),
    regulators: z.partialRecord(z.enum(REGULATORS), z.array(emailSchema).min(1)).default({}),
    /** System partners plans may be shared with ("e.g. GMC, NHSI, CQC etc."), by name. */
    partners: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
          error: 'must be a name of letters, digits, dots, hyphens or underscores',
        }),
        z.array(emailSchema).min(1),
      )
      .default({}),
    policy: policySchema.default(policySchema.parse({})),
    /** The ISF service: how many requests each person may make a minute (429 beyond, with Retry-After). */
    service: z
      .object({ requestsPerMinute: z.number().int().min(1).max(100_000).default(600) })
      .strict()
      .default({ requestsPerMinute: 600 }),
    security: z
      .object({
        /** false keeps the unsigned flow, for local experiments only. */
        requireSignedDecisions: z.boolean().default(true),
        /** How far a signature's time may be from the concern's time. */
        signatureMaxAge: durationSchema.default('5 minutes'),
        /** The demo configuration, whose users' keys are published (config/demo-keys/): set only in the example and the demo. */
        demo: z.boolean().default(false),
      })
      .strict()
      .default({ requireSignedDecisions: true, signatureMaxAge: '5 minutes', demo: false }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.users.forEach((user, i) => {
      if (seen.has(user.id))
        ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `duplicate user id '${user.id}'` });
      seen.add(user.id);
      user.regions.forEach((region, j) => {
        if (!(region in config.regions)) {
          ctx.addIssue({ code: 'custom', path: ['users', i, 'regions', j], message: `unknown region '${region}'` });
        }
      });
      const regional = user.roles.some((r) => REGIONAL_USER_ROLES.includes(r));
      if (regional && user.regions.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', i, 'regions'],
          message: 'a quality-team or regional-governance user needs at least one region',
        });
      }
    });
    trustworthyKeys(config, ctx);
    for (const [id, provider] of Object.entries(config.providers)) {
      if (!(provider.region in config.regions)) {
        ctx.addIssue({
          code: 'custom',
          path: ['providers', id, 'region'],
          message: `unknown region '${provider.region}'`,
        });
      }
    }
  });

/**
 * Keys that prove something: each a valid point of the curve, not of small order, held by one user
 * only; one person one email (the three-person rule must not be met by one person twice); and the
 * published demo keys only in the demo configuration.
 */
function trustworthyKeys(
  config: {
    users: { id: string; email: string; publicKey?: string; retiredKeys: string[] }[];
    security: { demo: boolean };
  },
  ctx: z.RefinementCtx,
): void {
  const holder = new Map<string, string>();
  const emails = new Map<string, string>();
  const demoKeys = new Map(Object.entries(DEMO_PUBLIC_KEYS).map(([user, key]) => [key, user]));
  config.users.forEach((user, i) => {
    const email = user.email.toLowerCase();
    const other = emails.get(email);
    if (other)
      ctx.addIssue({
        code: 'custom',
        path: ['users', i, 'email'],
        message: `${user.id} has the same email as ${other} (${user.email}): one person must not count as two`,
      });
    else emails.set(email, user.id);
    const keys = [
      ...(user.publicKey ? [['publicKey', user.publicKey] as const] : []),
      ...user.retiredKeys.map((k, j) => [`retiredKeys.${j}`, k] as const),
    ];
    for (const [field, key] of keys) {
      const path = ['users', i, ...field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))];
      const problem = publicKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', path, message: `${user.id}'s key ${problem}` });
      const shared = holder.get(key);
      if (shared && shared !== user.id)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${user.id} has the same key as ${shared}: each person signs with a key of their own`,
        });
      holder.set(key, user.id);
      if (!config.security.demo && demoKeys.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `${user.id} has a published demo key (config/demo-keys/, ${demoKeys.get(key)}), which proves nothing: give them their own (isf keys init), or set security.demo: true for a demonstration`,
        });
      }
    }
  });
}

export type Config = z.output<typeof configSchema>;
export type ConfigUser = Config['users'][number];
