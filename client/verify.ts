// `isf verify R`: re-checks every signed decision in a concern's audit trail against the public
// keys in the configuration, and says which, if any, do not verify.
import type { ConcernState } from '../concern/state';
import { parseSignedMessage, verifyMessage } from '../concern/signing';
import type { Config } from '../config/schema';

export interface Verification {
  at: string;
  actor: string;
  action: string;
  verified: boolean;
  reason: string | null;
}

export function verifyAudit(state: ConcernState, config: Config): Verification[] {
  return state.audit.map((entry) => {
    const base = { at: entry.at, actor: entry.actor, action: entry.action };
    const fail = (reason: string) => ({ ...base, verified: false, reason });
    const s = entry.signature;
    if (!s) return fail('not signed (recorded while signatures were not required)');
    const key = config.users.find((u) => u.id === entry.actor)?.publicKey;
    if (!key) return fail(`${entry.actor} has no public key in the configuration`);
    // What was signed must be this decision: this concern, this action, this actor, this request.
    const body = parseSignedMessage(s.message);
    if (!body || body.ref !== state.ref || body.action !== entry.action || body.payload.actor !== entry.actor || (body.payload.requestId ?? null) !== entry.requestId) {
      return fail('the signed message is for another decision');
    }
    if (!verifyMessage(s.message, s.value, key)) return fail(`does not verify against ${entry.actor}'s current public key`);
    return { ...base, verified: true, reason: null };
  });
}
