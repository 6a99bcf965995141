// Who receives a notification: each role resolves to addresses from the configuration, most
// specific first (the concern's own contacts, for the provider's local roles only, then the
// provider's, the region's, the national ones); `regulator` resolves by the learners' professions; user roles resolve to the users who
// hold them for the concern's region.
import { LOCAL_ROLES, NATIONAL_USER_ROLES, USER_ROLES, regulatorsFor, type Profession, type UserRole } from '../policy';
import type { Audience } from '../concern/state';
import type { Notice } from '../concern/notices';
import type { Config } from './schema';

export interface Addressee {
  region: string;
  provider: string;
  professions: readonly Profession[];
  contacts: Partial<Record<string, readonly string[]>>;
  /** `partner`: the regulators and partners named by the notice. */
  organisations?: readonly string[];
}

export interface Resolved {
  /** Addresses per role that has any. */
  found: { role: Audience; addresses: string[] }[];
  /** Roles (or part of one, for several regulators) that have no address at all. */
  missing: { role: Audience; reason: string }[];
}

/**
 * A concern's own contacts name addresses for the provider's local roles, and the notice's own
 * people (an objective's owner, the raiser); never for a regional, national or provider-executive
 * role or the regulator, whose addresses come from the configuration alone, whatever a concern holds.
 */
function ownContact(role: Audience): boolean {
  return (LOCAL_ROLES as readonly string[]).includes(role) || role === 'objective-owner' || role === 'raiser';
}

function isUserRole(role: Audience): role is UserRole {
  return (USER_ROLES as readonly string[]).includes(role);
}

export function resolveRecipients(roles: readonly Audience[], concern: Addressee, config: Config): Resolved {
  const resolved: Resolved = { found: [], missing: [] };
  for (const role of roles) {
    let addresses: readonly string[] = [];
    if (role === 'partner') {
      for (const name of concern.organisations ?? []) {
        const listed = config.regulators[name as keyof Config['regulators']] ?? config.partners[name] ?? [];
        if (listed.length === 0) resolved.missing.push({ role, reason: `no address configured for ${name}` });
        addresses = [...addresses, ...listed];
      }
    } else if (role === 'regulator') {
      for (const regulator of regulatorsFor(concern.professions)) {
        const listed = config.regulators[regulator] ?? [];
        if (listed.length === 0) resolved.missing.push({ role, reason: `no address configured for ${regulator}` });
        addresses = [...addresses, ...listed];
      }
    } else if (isUserRole(role)) {
      addresses = config.users
        .filter(
          (u) => u.roles.includes(role) && (NATIONAL_USER_ROLES.includes(role) || u.regions.includes(concern.region)),
        )
        .map((u) => u.email);
      if (addresses.length === 0)
        resolved.missing.push({ role, reason: `no ${role} user configured for ${concern.region}` });
    } else {
      addresses =
        [
          ownContact(role) ? concern.contacts[role] : undefined,
          config.providers[concern.provider]?.contacts[role],
          config.regions[concern.region]?.contacts[role],
          config.national.contacts[role],
        ].find((list) => list && list.length > 0) ?? [];
      if (addresses.length === 0) resolved.missing.push({ role, reason: 'no address configured' });
    }
    if (addresses.length > 0) resolved.found.push({ role, addresses: [...new Set(addresses)] });
  }
  return resolved;
}

/**
 * A notice's recipients. Most go to the concern's own stakeholders; good practice goes to the
 * same roles at every provider of the region (or of the country), each resolved as for a concern there.
 */
export function resolveNoticeRecipients(notice: Notice, concern: Addressee, config: Config): Resolved {
  if (notice.event === 'plan-shared')
    return resolveRecipients(notice.roles, { ...concern, organisations: notice.organisations }, config);
  if (notice.event !== 'good-practice-shared') return resolveRecipients(notice.roles, concern, config);
  const resolved: Resolved = { found: [], missing: [] };
  for (const [provider, { region }] of Object.entries(config.providers)) {
    if (notice.across === 'region' && region !== concern.region) continue;
    const there = resolveRecipients(
      notice.roles,
      { region, provider, professions: concern.professions, contacts: {} },
      config,
    );
    resolved.found.push(...there.found);
    resolved.missing.push(...there.missing.map((m) => ({ ...m, reason: `${m.reason} at ${provider}` })));
  }
  return resolved;
}
