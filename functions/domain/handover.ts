import type { IsoDate } from './calendar.js';
import { type CaseContext, type DunningCase, openCents } from './case.js';
import { buildInkassoCaseFile, type InkassoCaseFile } from './case-file.js';
import { type CreditBureauGateResult, creditBureauGate } from './credit-bureau.js';
import { limitationDate } from './limitation.js';
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
 * May the case go to the Inkasso agency? Never while a dispute is open or was upheld: a disputed claim goes
 * to a resolution task first (DOMAIN.md section 4).
 */
export function handoverBlockedBecause(dunningCase: DunningCase): HandoverBlock | undefined {
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
  return undefined;
}

/** Why a case cannot be handed over: a code to render in any language, and the English reason. */
export interface HandoverBlock {
  code: 'disputed' | 'not-open' | 'not-in-default';
  status: DunningCase['status'];
  text: string;
}

/** The § 13a RDG case file for the agency, from the case as it stands on `on`. */
export function inkassoCaseFileFor(
  dunningCase: DunningCase,
  calls: readonly CallRecord[],
  on: IsoDate,
  createdAt: string,
  context: CaseContext,
): InkassoCaseFile {
  const { invoice, defaultStart } = dunningCase;
  if (!defaultStart)
    throw new Error(`case ${dunningCase.invoiceId} is not in default and cannot be handed over`);
  const statement = statementOn(dunningCase, on, context);
  const pendingInterestCents = statement.totalCents - openCents(dunningCase);
  const reminderFees = dunningCase.charges.filter((charge) => charge.kind === 'reminder-fee');
  return buildInkassoCaseFile({
    invoiceId: dunningCase.invoiceId,
    creditor: context.policy.creditor,
    customer: invoice.customer,
    invoice,
    currency: invoice.amount.currency,
    principal: { originalCents: invoice.amount.cents, openCents: dunningCase.balance.principalCents },
    interest: {
      lines: statement.interestLines,
      openCents: dunningCase.balance.interestCents + pendingInterestCents,
    },
    costs: {
      lumpSumCents: dunningCase.charges
        .filter((charge) => charge.kind === 'lump-sum')
        .reduce((sum, charge) => sum + charge.cents, 0),
      reminderFees: reminderFees.map((fee) => ({
        on: fee.on,
        levelId: fee.levelId ?? 'unknown',
        cents: fee.cents,
      })),
      openCents: dunningCase.balance.costsCents,
    },
    defaultStart,
    reminders: dunningCase.reminders.map(({ levelId, kind, channel, sentOn }) => ({
      levelId,
      kind,
      channel,
      sentOn,
    })),
    calls: [...calls],
    promises: dunningCase.promises.map(({ promisedOn, cents, recordedOn, status }) => ({
      promisedOn,
      cents,
      recordedOn,
      status,
    })),
    disputes: dunningCase.disputes,
    payments: dunningCase.payments,
    creditBureau: creditBureauGateFor(dunningCase, on, context),
    limitationDate: limitationDate(invoice.issueDate),
    createdAt,
  });
}
