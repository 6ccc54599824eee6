import type { Actor } from '../domain/actor.js';
import type { Policy } from '../domain/policy.js';
import { nonEmptyStringSchema } from '../domain/shared-schemas.js';
import * as z from '../domain/zod.js';
import { forbidden, ProblemError } from './problems.js';

export const groupSchema = z.enum(['callers', 'supervisors']);
export type Group = z.infer<typeof groupSchema>;

export interface Principal {
  subject: string;
  name: string;
  groups: Group[];
}

/**
 * API Gateway's JWT authorizer hands over `cognito:groups` either as an array or flattened to "[a b]".
 * Unknown groups are ignored: they grant nothing.
 */
function groupsFrom(claim: unknown): Group[] {
  const raw = Array.isArray(claim)
    ? claim
    : typeof claim === 'string'
      ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return raw.flatMap((group) => {
    const parsed = groupSchema.safeParse(group);
    return parsed.success ? [parsed.data] : [];
  });
}

const claimsSchema = z.object({
  sub: nonEmptyStringSchema,
  name: z.optional(z.string()),
  'cognito:username': z.optional(z.string()),
  'cognito:groups': z.unknown(),
});

/** The verified claims of the request's token (verified by the gateway) as the caller it describes. */
export function principalFrom(claims: unknown): Principal {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw new ProblemError(401, 'Unauthorized', 'a valid bearer token is required');
  const groups = groupsFrom(parsed.data['cognito:groups']);
  if (groups.length === 0) throw forbidden('the token belongs to no group of this product');
  return {
    subject: parsed.data.sub,
    name: parsed.data.name ?? parsed.data['cognito:username'] ?? parsed.data.sub,
    groups,
  };
}

/** The caller as the actor kept with what they do (outcomes, holds, restarts). */
export const actorOf = (principal: Principal): Actor => ({ sub: principal.subject, name: principal.name });

export const isSupervisor = (principal: Principal) => principal.groups.includes('supervisors');

export function requireSupervisor(principal: Principal): void {
  if (!isSupervisor(principal)) throw forbidden('only supervisors may do this');
}

/** The queues a caller works: every queue one of their groups is bound to in the policy. */
export function queuesOf(principal: Principal, policy: Policy): string[] {
  return Object.entries(policy.queueAccess)
    .filter(([, groups]) => groups.some((group) => principal.groups.includes(group)))
    .map(([queue]) => queue)
    .sort();
}
