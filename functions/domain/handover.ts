import type { IsoDate } from './calendar.js';
import type { CaseContext, Charge, DunningCase } from './case.js';
import { buildInkassoCaseFile, type InkassoCaseFile } from './case-file.js';
import { type CreditBureauGateResult, creditBureauGate } from './credit-bureau.js';
import { isTimeBarred, limitationDateOf } from './limitation.js';
import { statementOn } from './statement.js';

/** Facts of a call the case itself does not keep (they live on its tasks and timeline). */
export type CallRecord = InkassoCaseFile['contactHistory']['calls'][number];

/** § 31 (2) Nr. 4 BDSG for this case on `reportOn`, with every check spelled out for the timeline. */
export function creditBureauGateFor(
  dunningCase: DunningCase,
  reportOn: IsoDate,
  context: CaseContext,
): CreditBureauGateResult {
  return creditBureauGate(
    {
      reportingEnabled: context.policy.creditBureau.reportingEnabled,
      dueDate: dunningCase.invoice.dueDate,
      customer: dunningCase.invoice.customer,
      writtenReminders: dunningCase.reminders,
      reportOn,
      disputed: dunningCase.status === 'disputed',
      disputeEverRaised: dunningCase.disputes.length > 0,
    },
    context.policy,
  );
}

/**
 * May the case go to the Inkasso agency on `on`? Never while a dispute is open or was upheld: a disputed claim
 * goes to a resolution task first (DOMAIN.md section 4). Never once the claim is time-barred (§§ 195, 199, 214
 * BGB): the debtor may refuse payment, and pursuing it further only adds costs the creditor cannot recover.
 */
export function handoverBlockedBecause(dunningCase: DunningCase, on: IsoDate): HandoverBlock | undefined {
  if (dunningCase.status === 'disputed') {
    return {
      code: 'disputed',
      status: dunningCase.status,
      text: 'the claim is disputed and awaits a resolution',
    };
  }
  if (dunningCase.status !== 'open') {
    return { code: 'not-open', status: dunningCase.status, text: `the case is ${dunningCase.status}` };
  }
  if (dunningCase.defaultStart === null) {
    return { code: 'not-in-default', status: dunningCase.status, text: 'the debtor is not in default' };
  }
  if (isTimeBarred(dunningCase.invoice, on)) {
    const limitationDate = limitationDateOf(dunningCase.invoice);
    return {
      code: 'time-barred',
      status: dunningCase.status,
      text: `the claim is time-barred: its limitation period ended on ${limitationDate} (§§ 195, 199 BGB)`,
      limitationDate,
    };
  }
  return undefined;
}

/** Why a case cannot be handed over: a code to render in any language, and the English reason. */
export interface HandoverBlock {
  code: 'disputed' | 'not-open' | 'not-in-default' | 'time-barred';
  status: DunningCase['status'];
  text: string;
  /** For 'time-barred': the last day the claim could be enforced. */
  limitationDate?: IsoDate;
}

/** Documents already stored for the case: the posted letters' keys by level id. */
export interface CaseDocuments {
  letterKeys?: Readonly<Record<string, string>>;
}

/** A reminder as the case keeps it; `postedOn` once the print service reports the posting. */
type SentReminder = DunningCase['reminders'][number] & { postedOn?: IsoDate };

function reminderRecord(
  { levelId, kind, channel, sentOn, postedOn }: SentReminder,
  documents: CaseDocuments,
): InkassoCaseFile['contactHistory']['reminders'][number] {
  const documentKey = channel === 'letter' ? documents.letterKeys?.[levelId] : undefined;
  return { levelId, kind, channel, sentOn, postedOn, documentKey };
}

/** The § 13a RDG case file for the agency, from the case as it stands on `on`. */
export function inkassoCaseFileFor(
  dunningCase: DunningCase,
  calls: readonly CallRecord[],
  on: IsoDate,
  createdAt: string,
  context: CaseContext,
  documents: CaseDocuments = {},
): InkassoCaseFile {
  const { invoice, defaultStart } = dunningCase;
  if (!defaultStart)
    throw new Error(`case ${dunningCase.invoiceId} is not in default and cannot be handed over`);
  const statement = statementOn(dunningCase, on, context);
  // Each item under what it is: interest from the interest lines, the lump sum and fees from the cost lines,
  // also where the statement owes them but no step has booked them on the case yet.
  const costsOf = (kind: Charge['kind']) => statement.costLines.filter((charge) => charge.kind === kind);
  return buildInkassoCaseFile({
    invoiceId: dunningCase.invoiceId,
    creditor: context.policy.creditor,
    customer: invoice.customer,
    invoice,
    currency: invoice.amount.currency,
    principal: { originalCents: invoice.amount.cents, openCents: dunningCase.balance.principalCents },
    interest: {
      lines: statement.interestLines,
      openCents: dunningCase.balance.interestCents + statement.pendingInterestCents,
    },
    costs: {
      lumpSumCents: costsOf('lump-sum').reduce((sum, charge) => sum + charge.cents, 0),
      reminderFees: costsOf('reminder-fee').map((fee) => ({
        on: fee.on,
        levelId: fee.levelId ?? 'unknown',
        cents: fee.cents,
      })),
      openCents: dunningCase.balance.costsCents + statement.pendingCostsCents,
    },
    defaultStart,
    reminders: dunningCase.reminders.map((reminder) => reminderRecord(reminder, documents)),
    calls: [...calls],
    promises: dunningCase.promises.map(({ promisedOn, cents, recordedOn, status }) => ({
      promisedOn,
      cents,
      recordedOn,
      status,
    })),
    disputes: dunningCase.disputes.map(({ raisedOn, reason, resolvedOn, resolution }) => ({
      raisedOn,
      reason,
      resolvedOn,
      resolution,
    })),
    payments: dunningCase.payments,
    creditBureau: creditBureauGateFor(dunningCase, on, context),
    limitationDate: limitationDateOf(invoice),
    createdAt,
  });
}
