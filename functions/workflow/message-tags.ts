/**
 * SES message tags come back with bounce and complaint events, so they must name the case exactly. SES allows
 * only `[A-Za-z0-9_-]` and 256 characters in a tag value, so values travel as base64url of their UTF-8 bytes
 * behind a prefix: `RE/2026/0001` and `RE_2026_0001` stay two different tags.
 */
const PREFIX = 'b64-';

/**
 * Besides the lead case (`invoiceId`, `levelId`), a customer's combined reminder names the customer and its
 * day, so a bounce reaches every case the mail listed.
 */
export const COMBINED_MAIL_TAGS = { customerId: 'customerId', mailedOn: 'reminderDay' } as const;
const MAX_TAG_VALUE_LENGTH = 256;

/** The tag value SES accepts for `value`, or undefined if its encoding is longer than SES allows. */
export function encodeMessageTag(value: string): string | undefined {
  const encoded = `${PREFIX}${Buffer.from(value, 'utf8').toString('base64url')}`;
  return encoded.length <= MAX_TAG_VALUE_LENGTH ? encoded : undefined;
}

/**
 * The value a tag was made from. Tags written before the encoding (characters outside `[\w-]` replaced by
 * `_`) are taken as they are only while they contain no `_`, the one case in which they are unambiguous.
 */
export function decodeMessageTag(tag: string): string | undefined {
  if (!tag.startsWith(PREFIX)) return tag.includes('_') || tag === '' ? undefined : tag;
  const body = tag.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body)) return undefined;
  const bytes = Buffer.from(body, 'base64url');
  // Reject what no encoder wrote: a non-canonical base64 body, or bytes that are not UTF-8.
  if (bytes.toString('base64url') !== body) return undefined;
  const decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return decoded.decode(bytes) || undefined;
  } catch {
    return undefined;
  }
}
