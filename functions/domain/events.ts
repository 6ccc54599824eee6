import { bundeslandSchema, instantSchema, isoDateSchema } from './calendar.js';
import { inputDateSchema, inputIdSchema, inputMoneySchema, inputTextSchema } from './input-bounds.js';
import { postalAddressSchema } from './letters/schema.js';
import { centsSchema, currencySchema, localeSchema, moneySchema, positiveCentsSchema } from './money.js';
import * as z from './zod.js';

/**
 * The messages that cross the EventBridge bus, one zod schema each; every type is derived from its schema.
 * Inbound events come from the accounting system, outbound events tell it what dunning did.
 */
export const EVENT_SOURCE = 'mahnwesen.dunning';

// Ids and texts, inbound and outbound, refuse control and bidirectional characters (input-bounds.ts).
const id = inputIdSchema;
const text = (max: number) => inputTextSchema(max);

export const customerSegmentSchema = z.enum(['key-account', 'regular', 'new', 'consumer']);
export type CustomerSegment = z.infer<typeof customerSegmentSchema>;

export const customerSchema = z.object({
  id,
  name: text(200),
  /** Accounts payable contact, used in the salutation. */
  contactName: z.optional(text(200)),
  email: z.email('must be an email address'),
  phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()/-]{6,30}$/, 'must be a phone number'))),
  language: z._default(localeSchema, 'de'),
  segment: customerSegmentSchema,
  /** § 13 BGB consumer: changes interest (+5 instead of +9 points), the lump sum and § 286 (3). */
  consumer: z.boolean(),
  /**
   * The debtor's residence or seat: the place of performance of a money debt (§§ 269 (1), 270 (4) BGB), so its
   * holidays move a payment date under § 193 BGB, as the creditor's do.
   */
  state: bundeslandSchema.check(
    z.meta({
      description:
        "Bundesland of the customer's residence or seat (e.g. BY), the place of performance of a money debt (§§ 269 (1), 270 (4) BGB): a payment date on a public holiday anywhere in it, or at the creditor's place, moves to the next working day (§ 193 BGB).",
    }),
  ),
  /** Credit rating class from the last report, 1 (excellent) to 6 (insufficient), if known. */
  creditRating: z.optional(z.number().check(z.int(), z.gte(1), z.lte(6))),
  salesRep: z.optional(z.object({ name: text(200), email: z.email('must be an email address') })),
  /**
   * Where posted letters go (DIN 5008 address window). Optional for email-only dunning; a `letter` level for a
   * customer without one renders nothing and opens a data-correction task instead.
   */
  postalAddress: z.optional(postalAddressSchema).check(
    z.meta({
      description:
        'Postal address for posted letters: nameLines (1-3), street, postalCode (five digits in DE), city, countryCode (ISO 3166-1 alpha-2), country (required abroad). Without it a letter level opens a data-correction task.',
    }),
  ),
});
export type Customer = z.infer<typeof customerSchema>;

export const invoiceIssuedSchema = z
  .object({
    invoiceId: id,
    invoiceNumber: text(64),
    orderNumber: z.optional(text(64)),
    /** Date of the contract or order the claim arises from (§ 13a RDG). */
    orderDate: z.optional(inputDateSchema),
    customer: customerSchema,
    amount: inputMoneySchema,
    issueDate: inputDateSchema,
    /** Delivery or performance date, where the invoice states one; may lie before the issue date (§ 199 BGB). */
    performanceDate: z.optional(inputDateSchema),
    dueDate: inputDateSchema,
    /** The invoice names the payment date by the calendar ("zahlbar bis 15.12.2026"): § 286 (2) Nr. 1 BGB. */
    paymentDateIsCalendarDate: z.boolean(),
    /** The invoice told a consumer about default after 30 days: § 286 (3) sentence 1 BGB. */
    consumerNoticeOnInvoice: z.boolean(),
    lineSummary: z._default(z.array(text(200)).check(z.maxLength(20)), []),
  })
  .check(
    z.refine((invoice) => invoice.dueDate >= invoice.issueDate, {
      path: ['dueDate'],
      message: 'must not be before issueDate',
    }),
  );
export type InvoiceIssued = z.infer<typeof invoiceIssuedSchema>;

// Outbound: no contact data (email, phone) ever leaves on the bus; consumers look the case up if allowed.
const outboundBase = {
  invoiceId: id,
  invoiceNumber: text(64),
  customerId: id,
  at: instantSchema,
  /**
   * The same for every delivery of one event (invoice, case version, detail-type): events are delivered at
   * least once, so a consumer that must not act twice remembers the keys it has seen.
   */
  eventKey: z.string().check(z.minLength(1), z.maxLength(200)),
};

export const dunningReminderSentSchema = z.object({
  ...outboundBase,
  levelId: id,
  kind: z.enum(['reminder', 'final']),
  channel: z.enum(['email', 'letter']),
  openCents: centsSchema,
  feeCents: centsSchema,
  currency: currencySchema,
});

/**
 * A level's posted letter will not go out after all (the customer's data cannot be printed; a data-correction
 * task is open): accounting takes back `feeCents`, the part of the fee `Dunning Reminder Sent` announced that was
 * still open.
 */
export const dunningLetterWithdrawnSchema = z.object({
  ...outboundBase,
  levelId: id,
  feeCents: centsSchema,
  currency: currencySchema,
});

export const callTaskOpenedSchema = z.object({
  ...outboundBase,
  taskId: id,
  levelId: id,
  queue: id,
  priority: z.number().check(z.int(), z.gte(0)),
  attempt: z.number().check(z.int(), z.gte(1)),
  dueAt: instantSchema,
  /** True when the open amount is above the policy's threshold and the sales rep should be involved. */
  salesRepInvolved: z.boolean(),
});

export const promiseToPayRecordedSchema = z.object({
  ...outboundBase,
  promisedOn: isoDateSchema,
  amount: moneySchema,
});

export const installmentPlanAgreedSchema = z.object({
  ...outboundBase,
  rates: z.array(z.object({ dueDate: isoDateSchema, cents: positiveCentsSchema })).check(z.minLength(2)),
  currency: currencySchema,
});

/**
 * Presigned GET links to the stored § 13a RDG case file (JSON and PDF). They are signed with the handover
 * function's role session, so they stop working at `linksExpireAt` at the latest, possibly earlier when that
 * session ends; `GET /cases/{invoiceId}/case-file` hands out fresh ones for as long as the documents are kept.
 */
export const caseFileLinksSchema = z.object({
  jsonUrl: z.url(),
  pdfUrl: z.url(),
  linksExpireAt: instantSchema,
});
export type CaseFileLinks = z.infer<typeof caseFileLinksSchema>;

export const inkassoHandoverRequestedSchema = z.object({
  ...outboundBase,
  agency: text(200),
  openCents: centsSchema,
  currency: currencySchema,
  creditBureauReportAllowed: z.boolean(),
  caseFile: caseFileLinksSchema,
});

export const closingOutcomeSchema = z.enum(['paid', 'cancelled', 'handed-over', 'written-off']);
export type ClosingOutcome = z.infer<typeof closingOutcomeSchema>;

export const dunningClosedSchema = z.object({
  ...outboundBase,
  outcome: closingOutcomeSchema,
  recoveredCents: centsSchema,
  waivedCents: centsSchema,
  currency: currencySchema,
});

/**
 * A supervisor wrote the claim off: the amounts still open when it was (for accounting to book the loss), the
 * scope (`all`: the whole claim, nothing was paid; `rest`: what was left after payments) and who decided.
 */
export const claimWrittenOffSchema = z.object({
  ...outboundBase,
  principalCents: centsSchema,
  interestCents: centsSchema,
  feesCents: centsSchema,
  totalCents: centsSchema,
  currency: currencySchema,
  scope: z.enum(['all', 'rest']),
  reason: text(500),
  actorName: text(200),
});

/**
 * The day's print batch is ready for the print service: one PDF and a CSV manifest. The links are presigned with
 * the publishing function's role and die with its session at the latest (see README "Print hand-off"); the API's
 * GET /print-batches/{batchId}/pdf|manifest always answers with a fresh one. No personal data: ids and counts.
 */
export const letterBatchReadySchema = z.object({
  batchId: id,
  date: isoDateSchema,
  letterCount: z.number().check(z.int(), z.gte(1)),
  pageCount: z.number().check(z.int(), z.gte(1)),
  pdfUrl: z.url(),
  manifestUrl: z.url(),
  linksExpireAt: instantSchema,
  at: instantSchema,
  eventKey: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type LetterBatchReady = z.infer<typeof letterBatchReadySchema>;

export const outboundEventSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal('Dunning Reminder Sent'), detail: dunningReminderSentSchema }),
  z.object({ 'detail-type': z.literal('Dunning Letter Withdrawn'), detail: dunningLetterWithdrawnSchema }),
  z.object({ 'detail-type': z.literal('Call Task Opened'), detail: callTaskOpenedSchema }),
  z.object({ 'detail-type': z.literal('Promise To Pay Recorded'), detail: promiseToPayRecordedSchema }),
  z.object({ 'detail-type': z.literal('Installment Plan Agreed'), detail: installmentPlanAgreedSchema }),
  z.object({
    'detail-type': z.literal('Inkasso Handover Requested'),
    detail: inkassoHandoverRequestedSchema,
  }),
  z.object({ 'detail-type': z.literal('Dunning Closed'), detail: dunningClosedSchema }),
  z.object({ 'detail-type': z.literal('Claim Written Off'), detail: claimWrittenOffSchema }),
  z.object({ 'detail-type': z.literal('Letter Batch Ready'), detail: letterBatchReadySchema }),
]);
export type OutboundEvent = z.infer<typeof outboundEventSchema>;
export type OutboundDetailType = OutboundEvent['detail-type'];

/** The detail-types an envelope union accepts (./inbound-events.ts uses it too), in its order (each option's detail-type is one literal). */
export function detailTypesOf<T extends string>(union: {
  _zod: { def: { options: readonly { shape: { 'detail-type': z.ZodMiniLiteral<T> } }[] } };
}): T[] {
  return union._zod.def.options.flatMap((option) => option.shape['detail-type']._zod.def.values);
}

/** Every detail-type the product publishes, and the only ones its functions may put on the bus. */
export const outboundDetailTypes = detailTypesOf(outboundEventSchema);

export function isOutboundDetailType(detailType: string): detailType is OutboundDetailType {
  return (outboundDetailTypes as readonly string[]).includes(detailType);
}
