import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/*
 * How a case is packed into its items. DynamoDB bills a write by the kilobyte, and the case is written on
 * every change: its JSON is deflated against a preset dictionary of the case's own field names and usual
 * values, which makes a typical case a third of its size (small inputs barely compress without one).
 */

/** The first byte of a packed value says how it was packed; only ever add formats, never change one. */
const FORMAT_DEFLATE_V1 = 1;

/**
 * Frozen with FORMAT_DEFLATE_V1: packed values in the table need exactly these bytes to be read back. A new
 * field packs fine without being listed here; to improve the dictionary, add a format with a new one.
 * Deflate finds the latest part of the dictionary cheapest, so what nearly every item holds comes last.
 */
const DICTIONARY_V1 = Buffer.from(
  [
    '"interestLines":[{"from":"2026-06-09","through":"2026-06-30","days":22,"principalCents":250000,',
    '"basisPoints":1027,"ratePercent":"10.27","cents":1548,"baseRateStale":false}]',
    '"installmentPlan":{"agreedOn":"","paidCentsAtAgreement":0,"rates":[{"dueDate":"","cents":0}],',
    '"accelerationClause":true,"defaultedOn":""}',
    '"disputes":[{"raisedOn":"","reason":"","resolution":"upheld","resolvedOn":"","interest":"waived"}]',
    '"hold":{"resumeAs":"open","holders":[{"owner":"supervisor","since":"","reason":"","by":{"id":"","name":""}}]}',
    '"payments":[{"paymentId":"","receivedOn":"2026-06-12","cents":100000}]',
    '"promises":[{"promisedOn":"2026-06-29","cents":100000,"recordedOn":"2026-06-28","paidCentsAtRecording":0,',
    '"status":"pending"},"status":"kept"},"status":"broken"}]',
    '"charges":[{"kind":"lump-sum","cents":4000,"on":"2026-06-12"},{"kind":"reminder-fee","cents":500,',
    '"on":"2026-06-12","levelId":"reminder-1"}]',
    '"reminders":[{"levelId":"reminder-1","kind":"reminder","channel":"email","sentOn":"2026-06-12",',
    '"creditBureauNotice":true,"feeCents":0},{"levelId":"reminder-2","kind":"reminder","channel":"email",',
    '"sentOn":"2026-06-19","creditBureauNotice":false,"feeCents":0},{"levelId":"final","kind":"final",',
    '"channel":"letter","sentOn":"2026-07-06","creditBureauNotice":true,"feeCents":0}]',
    '"closed":{"outcome":"handed-over","on":"2026-07-25","waivedCents":0}',
    '"closed":{"outcome":"paid","on":"2026-07-25","waivedCents":0}',
    '"invoice":{"invoiceId":"","invoiceNumber":"RE-","orderNumber":"PO-","orderDate":"2026-05-07",',
    '"customer":{"id":"cust-","name":" GmbH","contactName":"Frau ","email":"@kunde.example",',
    '"phone":"+49 89 555 ","language":"de","segment":"regular","consumer":false,"state":"NW","creditRating":3},',
    '"amount":{"cents":250000,"currency":"EUR"},"issueDate":"2026-05-23","dueDate":"2026-06-06",',
    '"paymentDateIsCalendarDate":true,"consumerNoticeOnInvoice":false,"lineSummary":[""]}',
    '{"detail-type":"Dunning Closed","detail":{"invoiceId":"","invoiceNumber":"RE-","customerId":"cust-",',
    '"at":"2026-07-28T00:02:24.000Z","eventKey":"#9#Dunning Closed","outcome":"paid","recoveredCents":0,',
    '"waivedCents":0,"currency":"EUR"}},{"detail-type":"Reminder Sent","detail":{"levelId":"reminder-1",',
    '"channel":"email","messageId":"","openCents":250000,"currency":"EUR"}}',
    '{"detail-type":"Call Task Created","detail":{"taskId":"call-","kind":"call","attempt":1,',
    '"queue":"receivables","priority":100,"dueAt":"","salesRepInvolved":false}}',
    '{"version":9,"leaseExpiresAtMs":1796602573952,"timeline":[{"on":"2026-07-25","type":"interest-booked",',
    '"summary":"default interest of 3307 cents booked through 2026-07-25","data":{"cents":3307},',
    '"recordedAt":"2026-07-28T00:02:24.000Z"},{"on":"2026-07-25","type":"case-closed",',
    '"summary":"case closed: paid","data":{"outcome":"paid","recoveredCents":0,"waivedCents":0},',
    '"recordedAt":"2026-07-28T00:02:24.000Z"},{"on":"2026-06-12","type":"reminder-sent",',
    '"summary":"reminder reminder-1 sent by email","data":{"levelId":"reminder-1","channel":"email"},',
    '"recordedAt":""}],"events":[],"finishOpenTasks":null,"warnings":[],"cancelStart":false}',
    '"warnings":[{"type":"warn-base-rate-stale","through":"2026-07-25"}]',
    '{"invoiceId":"","status":"open","nextLevelIndex":0,"lastActionOn":null,',
    '"balance":{"principalCents":250000,"interestCents":0,"costsCents":0},"interestBookedThrough":null,',
    '"interestLines":[],"charges":[],"defaultStart":{"basis":"calendar-date",',
    '"legalReference":"§§ 286 Abs. 2 Nr. 1, 193 BGB","date":"2026-06-09","interestFrom":"2026-06-09"},',
    '"paidCents":0,"payments":[],"reminders":[],"promises":[],"installmentPlan":null,"disputes":[],',
    '"hold":null,"emailUndeliverable":false,"toneOverride":null,',
    '"flags":{"baseRateStale":false,"limitationNear":false},"closed":null,"outcomesApplied":[],',
    '"workflow":{"executionArn":"arn:aws:states:eu-central-1:000000000000:execution:dunning:inv-",',
    '"restarts":0,"restartedFrom":null,"endedOn":null,"startsAt":"2026-06-11T17:11:31+02:00"},"version":1}',
  ].join(''),
);

/** A JSON value packed for storage: format byte, then the deflated JSON. */
export function packJson(value: unknown): Uint8Array {
  const deflated = deflateRawSync(Buffer.from(JSON.stringify(value)), {
    level: 9,
    dictionary: DICTIONARY_V1,
  });
  return Buffer.concat([Buffer.of(FORMAT_DEFLATE_V1), deflated]);
}

export function unpackJson(packed: Uint8Array): unknown {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  if (bytes[0] !== FORMAT_DEFLATE_V1) throw new Error(`unknown packing format ${bytes[0]}`);
  return JSON.parse(inflateRawSync(bytes.subarray(1), { dictionary: DICTIONARY_V1 }).toString());
}

/** JSON with object keys sorted, so equal content always gives equal text whatever order built it. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    typeof inner === 'object' && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** A short fingerprint of a value's content: equal content, equal digest. */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, 22);
}
