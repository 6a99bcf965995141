// The part of the configuration that decisions are checked against inside the workflow: who the
// users are, what they may do and where. No addresses: those stay with the worker's activities.
import { NATIONAL_USER_ROLES, type UserRole } from '../policy';
import type { Policy } from '../config/policy';

export interface DirectoryUser {
  id: string;
  name: string;
  roles: UserRole[];
  /** Regions a quality-team or regional-governance user acts for; national roles act everywhere. */
  regions: string[];
  /** Ed25519 public key (hex) that the user's decisions are verified against. */
  publicKey?: string;
}

/** How decisions are verified. */
export interface Security {
  requireSignedDecisions: boolean;
  /** How far a signature's time may be from the concern's time, in milliseconds. */
  signatureMaxAgeMs: number;
}

export interface Directory {
  users: DirectoryUser[];
  regions: string[];
  /** Provider id → the region it belongs to. */
  providers: Record<string, string>;
  /** Regulators and system partners with addresses, that plans can be shared with (absent in snapshots from before sharing). */
  organisations?: string[];
}

/** What the worker hands each concern: the directory and the policy, with a version to spot changes. */
export interface ConfigSnapshot {
  version: string;
  directory: Directory;
  policy: Policy;
  security: Security;
}

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
