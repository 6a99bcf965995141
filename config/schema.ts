// The configuration file: who the users are, where mail goes, and the policy numbers.
import { z } from 'zod';
import { NATIONAL_USER_ROLES, REGULATORS, USER_ROLES } from '../policy';
import { contactsSchema, emailSchema, idSchema, publicKeySchema } from '../concern/inputs';
import { durationSchema, policySchema } from './policy';

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
  })
  .strict();

const organisation = { name, contacts: contactsSchema.default({}) };

export const configSchema = z
  .object({
    mail: z
      .object({
        from: z.string().min(3).default('ISF notifications <isf-noreply@example.nhs.uk>'),
        /** Right-hand side of every Message-ID; defaults to the sender's domain. */
        messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
      })
      .strict()
      .default({ from: 'ISF notifications <isf-noreply@example.nhs.uk>' }),
    users: z.array(userSchema).min(1, { error: 'configure at least one user' }),
    regions: z.record(idSchema, z.object(organisation).strict()),
    providers: z.record(idSchema, z.object({ ...organisation, region: idSchema }).strict()),
    national: z.object({ contacts: contactsSchema.default({}) }).strict().default({ contacts: {} }),
    regulators: z.partialRecord(z.enum(REGULATORS), z.array(emailSchema).min(1)).default({}),
    /** System partners plans may be shared with ("e.g. GMC, NHSI, CQC etc."), by name. */
    partners: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { error: 'must be a name of letters, digits, dots, hyphens or underscores' }), z.array(emailSchema).min(1)).default({}),
    policy: policySchema.default(policySchema.parse({})),
    security: z
      .object({
        /** false keeps the unsigned flow, for local experiments only. */
        requireSignedDecisions: z.boolean().default(true),
        /** How far a signature's time may be from the concern's time. */
        signatureMaxAge: durationSchema.default('5 minutes'),
      })
      .strict()
      .default({ requireSignedDecisions: true, signatureMaxAge: '5 minutes' }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.users.forEach((user, i) => {
      if (seen.has(user.id)) ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `duplicate user id '${user.id}'` });
      seen.add(user.id);
      user.regions.forEach((region, j) => {
        if (!(region in config.regions)) {
          ctx.addIssue({ code: 'custom', path: ['users', i, 'regions', j], message: `unknown region '${region}'` });
        }
      });
      const regional = user.roles.some((r) => !NATIONAL_USER_ROLES.includes(r));
      if (regional && user.regions.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['users', i, 'regions'], message: 'a quality-team or regional-governance user needs at least one region' });
      }
    });
    for (const [id, provider] of Object.entries(config.providers)) {
      if (!(provider.region in config.regions)) {
        ctx.addIssue({ code: 'custom', path: ['providers', id, 'region'], message: `unknown region '${provider.region}'` });
      }
    }
  });

export type Config = z.output<typeof configSchema>;
export type ConfigUser = Config['users'][number];
