import { actorSchema } from './actor.js';
import { compareDates, type IsoDate, instantSchema } from './calendar.js';
import { inputCentsSchema } from './input-bounds.js';
import { type CallOutcome, callOutcomeSchema } from './outcomes.js';
import { nonEmptyStringSchema } from './shared-schemas.js';
import * as z from './zod.js';

/**
 * One call per customer: the first execution of a customer to reach a call level opens the customer's call
 * task (the lead); the call tasks of the customer's other cases join it as members and stay out of the queue,
 * each still holding its own execution's token. A caller works the lead once and records one outcome for the
 * whole account or one per invoice; this module splits it into each member's part. Pure: no I/O.
 */

/** At most this many invoices are worked in one customer call (a customer's open cases listed at once). */
export const MAX_CALL_MEMBERS = 100;

const invoiceIdSchema = z.string().check(z.minLength(1), z.maxLength(200));

/** The part of a customer call's outcome that one member task (and its execution) takes. */
export const callPartSchema = z.object({
  taskId: nonEmptyStringSchema,
  invoiceId: nonEmptyStringSchema,
  outcome: callOutcomeSchema,
});
export type CallPart = z.infer<typeof callPartSchema>;

/** Stored on the lead before any member is resumed, so a repeated request resumes the rest with the same parts. */
export const sharedOutcomeSchema = z.object({
  parts: z.array(callPartSchema).check(z.minLength(1)),
  by: z.nullable(actorSchema),
  at: instantSchema,
  /** The request as the caller sent it (JSON): the same request again re-drives the parts, another is refused. */
  request: z.string(),
});
export type SharedOutcome = z.infer<typeof sharedOutcomeSchema>;

export const allocationSchema = z
  .array(z.object({ invoiceId: invoiceIdSchema, cents: inputCentsSchema }))
  .check(z.minLength(1), z.maxLength(MAX_CALL_MEMBERS));

export const invoicePartsSchema = z
  .array(z.object({ invoiceId: invoiceIdSchema, outcome: callOutcomeSchema }))
  .check(z.minLength(1), z.maxLength(MAX_CALL_MEMBERS));

/** What a caller records for a customer call: one outcome for the whole account, or one per invoice. */
export type CallRequest =
  | { outcome: CallOutcome; allocation?: z.infer<typeof allocationSchema> }
  | { parts: z.infer<typeof invoicePartsSchema> };

/** A member case of the call as the outcome is split over it, oldest due first. */
export interface CallMember {
  taskId: string;
  invoiceId: string;
  invoiceNumber: string;
  dueDate: IsoDate;
  openCents: number;
}

export interface CallProblem {
  path: string[];
  message: string;
}

export type CallSplit = { parts: CallPart[] } | { problems: CallProblem[] };

export const oldestDueFirst = (members: readonly CallMember[]) =>
  [...members].sort((a, b) => compareDates(a.dueDate, b.dueDate) || a.invoiceId.localeCompare(b.invoiceId));

/** Splits what a caller recorded over the open members of the call; every refusal names its field. */
export function splitCallOutcome(members: readonly CallMember[], request: CallRequest): CallSplit {
  const ordered = oldestDueFirst(members);
  if ('parts' in request) return perInvoice(ordered, request.parts);
  const { outcome, allocation } = request;
  if (allocation !== undefined && outcome.type !== 'promise') {
    return refuse(['allocation'], 'only a promise is allocated over the invoices');
  }
  if (outcome.type === 'promise') return promiseParts(ordered, outcome, allocation);
  if (outcome.type === 'installments') return installmentParts(ordered, outcome);
  return { parts: ordered.map((member) => partOf(member, outcome)) };
}

const refuse = (path: string[], message: string): CallSplit => ({ problems: [{ path, message }] });
const partOf = (member: CallMember, outcome: CallOutcome): CallPart => ({
  taskId: member.taskId,
  invoiceId: member.invoiceId,
  outcome,
});

function perInvoice(
  members: readonly CallMember[],
  parts: Extract<CallRequest, { parts: unknown }>['parts'],
) {
  const byInvoice = new Map(members.map((member) => [member.invoiceId, member]));
  const problems: CallProblem[] = [];
  const seen = new Set<string>();
  parts.forEach((part, index) => {
    if (!byInvoice.has(part.invoiceId)) {
      problems.push({
        path: ['parts', String(index), 'invoiceId'],
        message: `${part.invoiceId} is not an open invoice of this call`,
      });
    } else if (seen.has(part.invoiceId)) {
      problems.push({
        path: ['parts', String(index), 'invoiceId'],
        message: `${part.invoiceId} is named twice`,
      });
    }
    seen.add(part.invoiceId);
  });
  const missing = members.filter((member) => !seen.has(member.invoiceId));
  if (missing.length > 0) {
    problems.push({
      path: ['parts'],
      message: `must name every open invoice of the call; missing ${missing.map((member) => member.invoiceNumber).join(', ')}`,
    });
  }
  if (problems.length > 0) return { problems };
  return {
    parts: members.flatMap((member) => {
      const part = parts.find((candidate) => candidate.invoiceId === member.invoiceId);
      return part ? [partOf(member, part.outcome)] : [];
    }),
  };
}

type Promise_ = Extract<CallOutcome, { type: 'promise' }>;

/**
 * A promise for the account: as the caller allocated it, or else to the oldest invoice first (§ 366 (2) BGB,
 * the order the law applies a payment without a designation in). Every invoice must get a part.
 */
function promiseParts(
  members: readonly CallMember[],
  outcome: Promise_,
  allocation: z.infer<typeof allocationSchema> | undefined,
): CallSplit {
  const amounts =
    allocation === undefined
      ? oldestFirst(members, outcome.cents)
      : allocated(members, outcome.cents, allocation);
  if ('problems' in amounts) return amounts;
  const empty = members.filter((member) => (amounts.get(member.invoiceId) ?? 0) === 0);
  if (empty.length > 0) {
    return refuse(
      ['allocation'],
      `the promise leaves ${empty.map((member) => member.invoiceNumber).join(', ')} without a part: allocate it, or record one outcome per invoice`,
    );
  }
  return {
    parts: members.map((member) => partOf(member, { ...outcome, cents: amounts.get(member.invoiceId) ?? 0 })),
  };
}

function oldestFirst(members: readonly CallMember[], cents: number): Map<string, number> {
  const amounts = new Map<string, number>();
  let left = cents;
  members.forEach((member, index) => {
    // Whatever exceeds the exposure stays with the newest invoice: the promise is the customer's, not ours to cut.
    const share = index === members.length - 1 ? left : Math.min(left, member.openCents);
    amounts.set(member.invoiceId, share);
    left -= share;
  });
  return amounts;
}

function allocated(
  members: readonly CallMember[],
  cents: number,
  allocation: z.infer<typeof allocationSchema>,
): Map<string, number> | { problems: CallProblem[] } {
  const known = new Set(members.map((member) => member.invoiceId));
  const amounts = new Map<string, number>();
  const problems: CallProblem[] = [];
  allocation.forEach((entry, index) => {
    const path = ['allocation', String(index), 'invoiceId'];
    if (!known.has(entry.invoiceId))
      problems.push({ path, message: `${entry.invoiceId} is not an open invoice of this call` });
    else if (amounts.has(entry.invoiceId))
      problems.push({ path, message: `${entry.invoiceId} is named twice` });
    amounts.set(entry.invoiceId, entry.cents);
  });
  const sum = allocation.reduce((total, entry) => total + entry.cents, 0);
  if (sum !== cents) {
    problems.push({
      path: ['allocation'],
      message: `must add up to the promised ${cents} cents, adds up to ${sum}`,
    });
  }
  return problems.length > 0 ? { problems } : amounts;
}

type Installments = Extract<CallOutcome, { type: 'installments' }>;

/**
 * Installments over the account: every invoice gets a plan with the same due dates, each rate split in
 * proportion to what is open on it. Rounding is done on the running totals, so each invoice's rates add up
 * to exactly its share and the invoices' rates of a date add up to that date's rate within a cent or so.
 */
function installmentParts(members: readonly CallMember[], outcome: Installments): CallSplit {
  const total = members.reduce((sum, member) => sum + member.openCents, 0);
  const promised = outcome.rates.reduce((sum, rate) => sum + rate.cents, 0);
  if (total === 0) return { parts: members.map((member) => partOf(member, outcome)) };
  const parts: CallPart[] = [];
  for (const member of members) {
    const share = Math.round((promised * member.openCents) / total);
    let before = 0;
    let running = 0;
    const rates = outcome.rates.map((rate) => {
      running += rate.cents;
      const upTo = Math.round((share * running) / promised);
      const cents = upTo - before;
      before = upTo;
      return { dueDate: rate.dueDate, cents };
    });
    if (rates.some((rate) => rate.cents <= 0)) {
      return refuse(
        ['outcome', 'rates'],
        `the rates are too small to split over ${members.length} invoices (${member.invoiceNumber} would get a rate of 0): record one outcome per invoice`,
      );
    }
    parts.push(partOf(member, { ...outcome, rates }));
  }
  return { parts };
}

/** The very request recorded again changes nothing; who recorded it and when are not compared. */
export const sameRequest = (a: SharedOutcome, b: SharedOutcome) => a.request === b.request;
