/**
 * EventBridge event pattern matching (the content filters a rule can use): exact values, prefix, suffix,
 * equals-ignore-case, wildcard, anything-but, exists, numeric and $or, at any nesting depth. An array in the
 * event matches when any of its elements matches, as on EventBridge.
 */

export type EventPattern = { readonly [field: string]: unknown };

/**
 * Whether `event` (the envelope: source, detail-type, detail, ...) matches `pattern`.
 * Throws InvalidEventPatternException for a malformed pattern, like PutRule does.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  assertEventPattern(pattern);
  return matchObject(pattern, event);
}

/** Throws an error naming the first problem when `pattern` is not a valid event pattern. */
export function assertEventPattern(pattern: unknown, path = ''): asserts pattern is EventPattern {
  if (!isPlainObject(pattern)) throw patternError(path, 'a pattern must be a JSON object');
  for (const [key, rule] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(rule) || rule.length < 2) throw patternError(at, '$or takes at least two patterns');
      for (const alternative of rule) assertEventPattern(alternative, at);
    } else if (Array.isArray(rule)) {
      if (rule.length === 0) throw patternError(at, 'an empty array matches nothing');
      for (const condition of rule) matcherFor(condition, at);
    } else {
      assertEventPattern(rule, at);
    }
  }
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') {
      return (
        Array.isArray(rule) &&
        rule.some((alternative) => isPlainObject(alternative) && matchObject(alternative, value))
      );
    }
    const field = isPlainObject(value) ? value[key] : undefined;
    if (Array.isArray(rule)) return rule.some((condition) => matcherFor(condition, key)(field));
    if (!isPlainObject(rule)) return false;
    return Array.isArray(field) ? field.some((item) => matchObject(rule, item)) : matchObject(rule, field);
  });
}

type FieldMatcher = (field: unknown) => boolean;

/** The values of a field a leaf condition looks at: none when it is missing, each element of an array. */
function valuesOf(field: unknown): readonly unknown[] {
  if (field === undefined) return [];
  return Array.isArray(field) ? field : [field];
}

function matcherFor(condition: unknown, at: string): FieldMatcher {
  if (Array.isArray(condition)) throw patternError(at, 'values must not be nested arrays');
  if (!isPlainObject(condition)) return (field) => valuesOf(field).some((value) => value === condition);
  const [operator, operand] = singleEntry(condition, at);
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw patternError(at, 'exists takes true or false');
      return (field) => (field !== undefined) === operand;
    case 'anything-but': {
      const excluded = exclusion(operand, at);
      // A missing field matches no anything-but, as on EventBridge.
      return (field) => valuesOf(field).some((value) => !excluded(value));
    }
    case 'numeric': {
      const test = numericTest(operand, at);
      return (field) => valuesOf(field).some((value) => typeof value === 'number' && test(value));
    }
    default: {
      const test = stringTest(operator, operand, at);
      return (field) => valuesOf(field).some((value) => typeof value === 'string' && test(value));
    }
  }
}

function exclusion(operand: unknown, at: string): (value: unknown) => boolean {
  if (Array.isArray(operand)) {
    if (operand.some((item) => typeof item === 'object' && item !== null)) {
      throw patternError(at, 'anything-but takes plain values');
    }
    return (value) => operand.includes(value);
  }
  if (isPlainObject(operand)) {
    const [operator, inner] = singleEntry(operand, at);
    const test = stringTest(operator, inner, at);
    return (value) => typeof value === 'string' && test(value);
  }
  return (value) => value === operand;
}

function stringTest(operator: string, operand: unknown, at: string): (value: string) => boolean {
  const ignoreCase = isPlainObject(operand) ? operand['equals-ignore-case'] : undefined;
  if ((operator === 'prefix' || operator === 'suffix') && typeof ignoreCase === 'string') {
    const part = ignoreCase.toLowerCase();
    return operator === 'prefix'
      ? (value) => value.toLowerCase().startsWith(part)
      : (value) => value.toLowerCase().endsWith(part);
  }
  if (typeof operand !== 'string') throw patternError(at, `${operator} takes a string`);
  switch (operator) {
    case 'prefix':
      return (value) => value.startsWith(operand);
    case 'suffix':
      return (value) => value.endsWith(operand);
    case 'equals-ignore-case':
      return (value) => value.toLowerCase() === operand.toLowerCase();
    case 'wildcard': {
      const source = operand
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      const expression = new RegExp(`^${source}$`, 's');
      return (value) => expression.test(value);
    }
    default:
      throw patternError(at, `the matcher '${operator}' is not supported locally`);
  }
}

const numericOperators: Record<string, (value: number, bound: number) => boolean> = {
  '=': (value, bound) => value === bound,
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

function numericTest(operand: unknown, at: string): (value: number) => boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw patternError(at, 'numeric takes pairs of operator and number');
  }
  const checks: ((value: number) => boolean)[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator: unknown = operand[index];
    const bound: unknown = operand[index + 1];
    const compare = typeof operator === 'string' ? numericOperators[operator] : undefined;
    if (!compare || typeof bound !== 'number')
      throw patternError(at, 'numeric takes pairs of operator and number');
    checks.push((value) => compare(value, bound));
  }
  return (value) => checks.every((check) => check(value));
}

function singleEntry(matcher: { [key: string]: unknown }, at: string): [string, unknown] {
  const entries = Object.entries(matcher);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined)
    throw patternError(at, 'a matcher object has exactly one key');
  return entry;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function patternError(path: string, problem: string): Error {
  const error = new Error(`Invalid event pattern${path ? ` at ${path}` : ''}: ${problem}`);
  error.name = 'InvalidEventPatternException';
  return error;
}
