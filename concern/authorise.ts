// Who may take a decision: the directory's users, their roles and their regions. Apart from the
// directory's schema (concern/directory.ts) so that the workflow can ask without loading zod.
import { NATIONAL_USER_ROLES, type UserRole } from '../policy';
import type { Directory, DirectoryUser } from './directory';

export type Authorised = { ok: true; user: DirectoryUser } | { ok: false; reason: string };

export function findUser(directory: Directory, id: string): DirectoryUser | undefined {
  return directory.users.find((u) => u.id === id);
}

/** May this user act in this role on a concern of this region? */
export function authorise(directory: Directory, actor: string, role: UserRole, region: string): Authorised {
  const user = findUser(directory, actor);
  if (!user) return { ok: false, reason: `actor: unknown user '${actor}' (not in the configuration)` };
  if (!user.roles.includes(role)) {
    return { ok: false, reason: `${user.id} is not a ${role} user (roles: ${user.roles.join(', ') || 'none'})` };
  }
  if (!NATIONAL_USER_ROLES.includes(role) && !user.regions.includes(region)) {
    return {
      ok: false,
      reason: `${user.id} acts as ${role} for ${user.regions.join(', ') || 'no region'}, not for ${region}`,
    };
  }
  return { ok: true, user };
}
