import type * as Engine from 'aws-local-stepfunctions';

/** The JSON type of aws-local-stepfunctions (not exported by it under a name). */
export type JsonValue = Parameters<Engine.StateMachine['run']>[0];
export type JsonObject = { [key: string]: JsonValue };

/** Shallow check for a value already known to be JSON. */
export function isObjectNode(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every(isJsonValue);
}

/**
 * What a value becomes after crossing a service boundary as JSON (Dates turn into strings, undefined
 * disappears), the way a Lambda result does on AWS.
 */
export function toJsonValue(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  const parsed: unknown = JSON.parse(text);
  if (!isJsonValue(parsed)) throw new Error('Value did not survive a JSON round trip');
  return parsed;
}

/** Parses JSON text into a JsonValue, or undefined when it is not JSON. */
export function parseJsonValue(text: string): JsonValue | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonValue(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the reference paths ASL allows (`$`, `$.a.b`, `$.a[0]`, `$['a b']`); undefined when the path uses
 * anything else or selects nothing.
 */
export function resolveSimplePath(value: JsonValue, path: string): JsonValue | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: (string | number)[] = [];
  const pattern = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  let position = 1;
  while (position < path.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(path);
    if (!match) return undefined;
    const [, dotted, index, singleQuoted, doubleQuoted] = match;
    segments.push(index === undefined ? (dotted ?? singleQuoted ?? doubleQuoted ?? '') : Number(index));
    position = pattern.lastIndex;
  }
  let current: JsonValue | undefined = value;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      current = Array.isArray(current) ? current[segment] : undefined;
    } else {
      current = current !== undefined && isObjectNode(current) ? current[segment] : undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}
