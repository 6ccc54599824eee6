import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * The person who did something (recorded an outcome, held, resumed or restarted a case): the subject of
 * their token, stable across renames, and the name people read. Kept with what they did for the audit trail.
 */
export const actorSchema = z.object({
  sub: nonEmptyStringSchema,
  name: nonEmptyStringSchema,
});
export type Actor = z.infer<typeof actorSchema>;

type Facts = Record<string, string | number | boolean | null>;

/** The actor as facts of a timeline entry, whose data stays flat (one attribute per fact). */
export const actorFacts = (actor: Actor): Facts => ({ actorSub: actor.sub, actorName: actor.name });

const factsSchema = z.object({
  actorSub: nonEmptyStringSchema,
  actorName: nonEmptyStringSchema,
});

/** The actor a timeline entry names in its facts; undefined for entries of the system (and older ones). */
export function actorOfFacts(data: Facts | undefined): Actor | undefined {
  const facts = factsSchema.safeParse(data ?? {});
  return facts.success ? { sub: facts.data.actorSub, name: facts.data.actorName } : undefined;
}

/** The entries of `type` with the actor among their facts: the lines of what the actor did. */
export function attributed<E extends { type: string; data?: Facts }>(
  entries: readonly E[],
  type: string,
  actor: Actor | undefined,
): E[] {
  if (!actor) return [...entries];
  return entries.map((entry) =>
    entry.type === type ? { ...entry, data: { ...entry.data, ...actorFacts(actor) } } : entry,
  );
}
