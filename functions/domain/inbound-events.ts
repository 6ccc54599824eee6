import { detailTypesOf, invoiceIssuedSchema } from './events.js';
import { inputDateSchema, inputIdSchema, inputMoneySchema, inputTextSchema } from './input-bounds.js';
import * as z from './zod.js';

/**
 * What the accounting system and the print service send (besides `Invoice Issued`, which the case holds and
 * ./events.ts keeps): only the functions that receive them build these schemas.
 */
const id = inputIdSchema;
const text = (max: number) => inputTextSchema(max);

export const paymentReceivedSchema = z.object({
  paymentId: id,
  invoiceId: id,
  amount: inputMoneySchema,
  /** Value date of the payment. */
  receivedOn: inputDateSchema,
  /** § 367 BGB allocates costs, interest, principal in that order unless the debtor said otherwise. */
  allocation: z._default(z.enum(['statutory', 'principal-first']), 'statutory'),
});
export type PaymentReceived = z.infer<typeof paymentReceivedSchema>;

export const invoiceCancelledSchema = z.object({
  invoiceId: id,
  kind: z.enum(['cancellation', 'credit-note']),
  documentNumber: z.optional(text(64)),
  effectiveOn: inputDateSchema,
});
export type InvoiceCancelled = z.infer<typeof invoiceCancelledSchema>;

export const dunningBlockSetSchema = z.object({
  invoiceId: id,
  reason: text(500),
  setOn: inputDateSchema,
});
export type DunningBlockSet = z.infer<typeof dunningBlockSetSchema>;

export const dunningBlockReleasedSchema = z.object({
  invoiceId: id,
  releasedOn: inputDateSchema,
});
export type DunningBlockReleased = z.infer<typeof dunningBlockReleasedSchema>;

/** The customer disputes the claim with the accounting system: the case waits for a supervisor's decision. */
export const disputeRaisedSchema = z.object({
  invoiceId: id,
  reason: inputTextSchema(2000, { min: 3, multiline: true }),
  raisedOn: inputDateSchema,
});
export type DisputeRaised = z.infer<typeof disputeRaisedSchema>;

/** A partial credit note: reduces the principal by its amount (a full one settles the case). */
export const invoiceCreditedSchema = z.object({
  invoiceId: id,
  creditNoteId: id,
  amount: inputMoneySchema,
  creditedOn: inputDateSchema,
});
export type InvoiceCredited = z.infer<typeof invoiceCreditedSchema>;

/**
 * A dunning block on every invoice of a customer. `blockId` tells several blocks of one customer apart (each
 * released on its own); without it the customer has one block, `default`.
 */
export const customerDunningBlockSetSchema = z.object({
  customerId: id,
  blockId: z._default(id, 'default'),
  reason: text(500),
  setOn: inputDateSchema,
});
export type CustomerDunningBlockSet = z.infer<typeof customerDunningBlockSetSchema>;

export const customerDunningBlockReleasedSchema = z.object({
  customerId: id,
  blockId: z._default(id, 'default'),
  releasedOn: inputDateSchema,
});
export type CustomerDunningBlockReleased = z.infer<typeof customerDunningBlockReleasedSchema>;

/**
 * The print service confirms that a print batch (`Letter Batch Ready`) went to the post on `postedOn`: all its
 * letters, or only those named in `documentIds` (the manifest's document ids) when it posted part of it.
 */
export const lettersPostedSchema = z.object({
  batchId: id,
  postedOn: inputDateSchema,
  documentIds: z.optional(z.array(text(1024)).check(z.minLength(1), z.maxLength(1000))),
});
export type LettersPosted = z.infer<typeof lettersPostedSchema>;

/** The inbound EventBridge envelope, discriminated by detail-type. */
export const inboundEventSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal('Invoice Issued'), detail: invoiceIssuedSchema }),
  z.object({ 'detail-type': z.literal('Payment Received'), detail: paymentReceivedSchema }),
  z.object({ 'detail-type': z.literal('Invoice Cancelled'), detail: invoiceCancelledSchema }),
  z.object({ 'detail-type': z.literal('Dunning Block Set'), detail: dunningBlockSetSchema }),
  z.object({ 'detail-type': z.literal('Dunning Block Released'), detail: dunningBlockReleasedSchema }),
  z.object({ 'detail-type': z.literal('Dispute Raised'), detail: disputeRaisedSchema }),
  z.object({ 'detail-type': z.literal('Invoice Credited'), detail: invoiceCreditedSchema }),
  z.object({
    'detail-type': z.literal('Customer Dunning Block Set'),
    detail: customerDunningBlockSetSchema,
  }),
  z.object({
    'detail-type': z.literal('Customer Dunning Block Released'),
    detail: customerDunningBlockReleasedSchema,
  }),
  z.object({ 'detail-type': z.literal('Letters Posted'), detail: lettersPostedSchema }),
]);
export type InboundEvent = z.infer<typeof inboundEventSchema>;

/** Every detail-type the accounting system sends; only its sources may put these on the bus. */
export const inboundDetailTypes = detailTypesOf(inboundEventSchema);
export type InboundDetailType = (typeof inboundDetailTypes)[number];
