import * as z from './zod.js';

/**
 * A schema factory that builds once per argument. zod schemas are immutable values (every `check` returns a new
 * schema), so the many fields with the same bounds (a text of at most 200 characters, say) can share one
 * schema instead of each building its own at cold start.
 */
export function oncePer<K extends string | number, S>(build: (key: K) => S): (key: K) => S {
  const built = new Map<K, S>();
  return (key) => {
    let schema = built.get(key);
    if (schema === undefined) {
      schema = build(key);
      built.set(key, schema);
    }
    return schema;
  };
}

/** Ids, names and keys that must not be empty: one schema for the many fields that say only that. */
export const nonEmptyStringSchema = z.string().check(z.minLength(1));
