import { bundeslandSchema, compareDates, type IsoDate, instantSchema, isoDateSchema } from './calendar.js';
import { creditBureauGateResultSchema } from './credit-bureau.js';
import type { Customer, InvoiceIssued } from './events.js';
import { postalAddressSchema } from './letters/schema.js';
import { centsSchema, currencySchema, positiveCentsSchema, sumCents } from './money.js';
import { type Creditor, describeIssues } from './policy.js';
import { oncePer } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * The case file handed to the Inkasso agency. § 13a (1) RDG obliges the agency to tell the debtor, on first
 * contact, the creditor, the reason of the claim with the contract and its date, and an itemised account of
 * principal, interest (rate and period) and costs; it can only do that with these fields. The contact history
 * and payments let the agency continue without asking the creditor again.
 */
const text = oncePer((max: number) =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'must not be empty'),
      z.maxLength(max, `must be at most ${max} characters`),
    ),
);

const interestLineSchema = z
  .object({
    from: isoDateSchema,
    /** Inclusive. */
    through: isoDateSchema,
    days: z.number().check(z.int(), z.gte(1)),
    principalCents: centsSchema,
    /** Annual rate as written on a letter, e.g. '10.27'. */
    ratePercent: z.string().check(z.regex(/^\d{1,2}\.\d{2}$/, 'must be a percentage like 10.27')),
    cents: centsSchema,
    /** The rate came from a base-rate table that was out of date and must be checked. */
    baseRateStale: z._default(z.boolean(), false),
  })
  .check(
    z.refine((line) => compareDates(line.from, line.through) <= 0, {
      path: ['through'],
      message: 'must not be before from',
    }),
  );

const reminderFeeSchema = z.object({
  levelId: z.optional(text(64)),
  on: isoDateSchema,
  cents: positiveCentsSchema,
});

const callOutcomeSchema = z.enum([
  'paid',
  'promise',
  'installments',
  'dispute',
  'not-reached',
  'wrong-contact',
  'callback',
  'timeout',
]);

export const inkassoCaseFileSchema = z
  .object({
    invoiceId: text(64),
    creditor: z.object({
      name: text(200),
      addressLines: z.array(text(200)).check(z.minLength(1, 'needs at least one address line')),
      email: z.email('must be an email address'),
      phone: z.string().check(z.minLength(6, 'must be a phone number')),
    }),
    debtor: z.object({
      customerId: text(64),
      name: text(200),
      contactName: z.optional(text(200)),
      email: z.email('must be an email address'),
      phone: z.optional(z.string().check(z.minLength(6, 'must be a phone number'))),
      state: bundeslandSchema,
      consumer: z.boolean(),
      /** Where the agency writes to: the address the creditor's posted letters went to, when it has one. */
      postalAddress: z.optional(postalAddressSchema),
    }),
    claim: z.object({
      invoiceNumber: text(64),
      orderNumber: z.optional(text(64)),
      /** Date the contract was concluded: § 13a (1) Nr. 2 RDG names it explicitly. */
      orderDate: isoDateSchema,
      /** What was sold (the invoice lines): the reason of the claim, § 13a (1) Nr. 2 RDG. */
      reason: z
        .array(text(200))
        .check(z.minLength(1, 'needs at least one line describing what the claim is for')),
      invoiceDate: isoDateSchema,
      dueDate: isoDateSchema,
    }),
    account: z.object({
      currency: currencySchema,
      principal: z.object({ originalCents: positiveCentsSchema, openCents: centsSchema }),
      interest: z.object({
        lines: z.array(interestLineSchema),
        accruedCents: centsSchema,
        openCents: centsSchema,
      }),
      costs: z.object({
        /** § 288 (5) BGB, business debtors only. */
        lumpSumCents: centsSchema,
        reminderFees: z.array(reminderFeeSchema),
        chargedCents: centsSchema,
        openCents: centsSchema,
      }),
      totalOpenCents: centsSchema,
    }),
    defaultStart: z.object({
      date: isoDateSchema,
      basis: text(64),
      legalReference: text(100),
    }),
    contactHistory: z.object({
      reminders: z.array(
        z.object({
          sentOn: isoDateSchema,
          channel: z.enum(['email', 'letter']),
          levelId: text(64),
          kind: z.enum(['reminder', 'final']),
          /** The day a posted letter was handed to the post, when the print service reported it. */
          postedOn: z.optional(isoDateSchema),
          /** The letter's PDF in the document bucket (posted letters), for the agency to see what was sent. */
          documentKey: z.optional(text(1024)),
        }),
      ),
      calls: z.array(
        z.object({ on: isoDateSchema, outcome: callOutcomeSchema, note: z.optional(text(2000)) }),
      ),
      promises: z.array(
        z.object({
          recordedOn: isoDateSchema,
          promisedOn: isoDateSchema,
          cents: positiveCentsSchema,
          status: z.enum(['kept', 'broken', 'pending']),
        }),
      ),
      disputes: z.array(
        z
          .object({
            raisedOn: isoDateSchema,
            reason: text(2000),
            resolvedOn: z.optional(isoDateSchema),
            resolution: z.optional(z.enum(['upheld', 'rejected'])),
          })
          .check(
            z.refine((dispute) => (dispute.resolvedOn === undefined) === (dispute.resolution === undefined), {
              path: ['resolution'],
              message: 'resolvedOn and resolution go together',
            }),
          ),
      ),
    }),
    payments: z.array(
      z.object({ paymentId: text(64), receivedOn: isoDateSchema, cents: positiveCentsSchema }),
    ),
    creditBureau: creditBureauGateResultSchema,
    /** §§ 195, 199 BGB: the agency must act (court dunning procedure) before this day ends. */
    limitationDate: isoDateSchema,
    createdAt: instantSchema,
  })
  .check(
    z.superRefine((file, context) => {
      const issue = (path: (string | number)[], message: string) =>
        context.addIssue({ code: 'custom', path, message });
      const { principal, interest, costs } = file.account;
      if (compareDates(file.claim.dueDate, file.claim.invoiceDate) < 0) {
        issue(['claim', 'dueDate'], 'must not be before invoiceDate');
      }
      if (principal.openCents > principal.originalCents) {
        issue(['account', 'principal', 'openCents'], 'must not exceed originalCents');
      }
      if (interest.accruedCents !== sumCents(interest.lines.map((line) => line.cents))) {
        issue(['account', 'interest', 'accruedCents'], 'must equal the sum of the interest lines');
      }
      if (interest.openCents > interest.accruedCents) {
        issue(['account', 'interest', 'openCents'], 'must not exceed accruedCents');
      }
      if (costs.chargedCents !== costs.lumpSumCents + sumCents(costs.reminderFees.map((fee) => fee.cents))) {
        issue(['account', 'costs', 'chargedCents'], 'must equal the lump sum plus the reminder fees');
      }
      if (costs.openCents > costs.chargedCents) {
        issue(['account', 'costs', 'openCents'], 'must not exceed chargedCents');
      }
      if (file.debtor.consumer && costs.lumpSumCents > 0) {
        issue(['account', 'costs', 'lumpSumCents'], 'a consumer owes no § 288 (5) BGB lump sum');
      }
      if (file.account.totalOpenCents !== principal.openCents + interest.openCents + costs.openCents) {
        issue(['account', 'totalOpenCents'], 'must equal open principal + open interest + open costs');
      }
    }),
  );
export type InkassoCaseFile = z.infer<typeof inkassoCaseFileSchema>;
type CaseFileShape = z.input<typeof inkassoCaseFileSchema>;
type History = CaseFileShape['contactHistory'];

/**
 * What the builder needs, in the shapes the rest of the domain already has (policy creditor, customer and
 * invoice from the event). Fields § 13a RDG requires but the event leaves optional (order date, line summary)
 * stay optional here, so a missing one is reported by name instead of failing to compile at the call site.
 */
export interface InkassoCaseFileInput {
  invoiceId: string;
  creditor: Pick<Creditor, 'name' | 'addressLines' | 'email' | 'phone'>;
  customer: Pick<
    Customer,
    'id' | 'name' | 'contactName' | 'email' | 'phone' | 'state' | 'consumer' | 'postalAddress'
  >;
  invoice: Pick<InvoiceIssued, 'invoiceNumber' | 'orderNumber' | 'orderDate' | 'issueDate' | 'dueDate'> & {
    lineSummary?: readonly string[];
  };
  currency: CaseFileShape['account']['currency'];
  principal: { originalCents: number; openCents: number };
  interest: { lines: CaseFileShape['account']['interest']['lines']; openCents: number };
  costs: {
    lumpSumCents: number;
    reminderFees: CaseFileShape['account']['costs']['reminderFees'];
    openCents: number;
  };
  defaultStart: { date: IsoDate; basis: string; legalReference: string };
  reminders: History['reminders'];
  calls: History['calls'];
  promises: History['promises'];
  disputes: History['disputes'];
  payments: CaseFileShape['payments'];
  creditBureau: CaseFileShape['creditBureau'];
  limitationDate: IsoDate;
  createdAt: string;
}

export class CaseFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `incomplete Inkasso case file (§ 13a RDG):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'CaseFileError';
  }
}

/**
 * Builds and validates the case file. Sums (accrued interest, charged costs, total open) are computed here so
 * that the itemised lines and the totals can never disagree. Throws CaseFileError naming every missing or
 * inconsistent field, because a handover with an incomplete file would break § 13a RDG at the agency.
 */
export function buildInkassoCaseFile(input: InkassoCaseFileInput): InkassoCaseFile {
  const { creditor, customer, invoice, principal, interest, costs } = input;
  const candidate = {
    invoiceId: input.invoiceId,
    creditor: {
      name: creditor.name,
      addressLines: creditor.addressLines,
      email: creditor.email,
      phone: creditor.phone,
    },
    debtor: {
      customerId: customer.id,
      name: customer.name,
      contactName: customer.contactName,
      email: customer.email,
      phone: customer.phone,
      state: customer.state,
      consumer: customer.consumer,
      postalAddress: customer.postalAddress,
    },
    claim: {
      invoiceNumber: invoice.invoiceNumber,
      orderNumber: invoice.orderNumber,
      orderDate: invoice.orderDate,
      reason: invoice.lineSummary ?? [],
      invoiceDate: invoice.issueDate,
      dueDate: invoice.dueDate,
    },
    account: {
      currency: input.currency,
      principal: { originalCents: principal.originalCents, openCents: principal.openCents },
      interest: {
        lines: interest.lines,
        accruedCents: sumCents(interest.lines.map((line) => line.cents)),
        openCents: interest.openCents,
      },
      costs: {
        lumpSumCents: costs.lumpSumCents,
        reminderFees: costs.reminderFees,
        chargedCents: costs.lumpSumCents + sumCents(costs.reminderFees.map((fee) => fee.cents)),
        openCents: costs.openCents,
      },
      totalOpenCents: principal.openCents + interest.openCents + costs.openCents,
    },
    defaultStart: {
      date: input.defaultStart.date,
      basis: input.defaultStart.basis,
      legalReference: input.defaultStart.legalReference,
    },
    contactHistory: {
      reminders: input.reminders,
      calls: input.calls,
      promises: input.promises,
      disputes: input.disputes,
    },
    payments: input.payments,
    creditBureau: input.creditBureau,
    limitationDate: input.limitationDate,
    createdAt: input.createdAt,
  };
  const result = inkassoCaseFileSchema.safeParse(candidate);
  if (!result.success) throw new CaseFileError(describeIssues(result.error));
  return result.data;
}
