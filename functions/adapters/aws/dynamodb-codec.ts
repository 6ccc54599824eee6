/**
 * DynamoDB's attribute values from and to plain values, as @aws-sdk/lib-dynamodb does with
 * `removeUndefinedValues` (undefined members and list entries are left out): strings, numbers, booleans,
 * null, binary, lists, maps and string or number sets. Numbers come back as JS numbers.
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { B: string }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

export type Item = Record<string, unknown>;

function numberText(value: number | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`DynamoDB cannot store the number ${value}`);
  }
  return String(value);
}

function setValue(set: Set<unknown>): AttributeValue {
  const values = [...set];
  if (values.every((value) => typeof value === 'string')) return { SS: values };
  if (values.every((value) => typeof value === 'number' || typeof value === 'bigint')) {
    return { NS: values.map(numberText) };
  }
  if (values.every((value) => value instanceof Uint8Array)) {
    return { BS: values.map((value) => Buffer.from(value).toString('base64')) };
  }
  throw new Error('DynamoDB sets hold strings, numbers or binary values of one kind');
}

/** One value as an attribute value; undefined for what DynamoDB leaves out (undefined, functions). */
export function toAttribute(value: unknown): AttributeValue | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { N: numberText(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (value instanceof Uint8Array) return { B: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) {
    return { L: value.flatMap((entry) => toAttribute(entry) ?? []) };
  }
  if (value instanceof Set) return setValue(value);
  if (value instanceof Date || value instanceof Map) {
    throw new Error(`DynamoDB cannot store a ${value.constructor.name}: convert it first`);
  }
  return { M: marshall(value as Item) };
}

export function marshall(item: Item): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) {
    const attribute = toAttribute(value);
    if (attribute !== undefined) out[name] = attribute;
  }
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function fromAttribute(attribute: unknown): unknown {
  if (!isRecord(attribute)) throw new Error('not a DynamoDB attribute value');
  const [type, value] = Object.entries(attribute)[0] ?? [];
  switch (type) {
    case 'S':
      return value;
    case 'N':
      return Number(value);
    case 'BOOL':
      return value === true;
    case 'NULL':
      return null;
    case 'B':
      return new Uint8Array(Buffer.from(String(value), 'base64'));
    case 'L':
      return Array.isArray(value) ? value.map(fromAttribute) : [];
    case 'M':
      return unmarshall(value);
    case 'SS':
      return new Set(Array.isArray(value) ? value : []);
    case 'NS':
      return new Set(Array.isArray(value) ? value.map(Number) : []);
    case 'BS':
      return new Set(
        Array.isArray(value)
          ? value.map((entry) => new Uint8Array(Buffer.from(String(entry), 'base64')))
          : [],
      );
    default:
      throw new Error(`unknown DynamoDB attribute type ${type}`);
  }
}

export function unmarshall(item: unknown): Item {
  if (!isRecord(item)) return {};
  const out: Item = {};
  for (const [name, attribute] of Object.entries(item)) out[name] = fromAttribute(attribute);
  return out;
}
