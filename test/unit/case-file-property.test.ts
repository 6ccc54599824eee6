import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { addDays, type IsoDate } from '../../functions/domain/calendar.js';
import {
  applyEvent,
  type CaseContext,
  type CaseEvent,
  type DunningCase,
  InvalidTransitionError,
  openCase,
  openCents,
  pendingInterest,
} from '../../functions/domain/case.js';
import type { InvoiceIssued } from '../../functions/domain/events.js';
import { handoverBlockedBecause, inkassoCaseFileFor } from '../../functions/domain/handover.js';
import { statementOn } from '../../functions/domain/statement.js';
import { demoInvoices } from '../../local/demo-invoices.js';
import { defaultContext } from './fixtures.js';

/**
 * § 13a RDG: whatever happened to a case before, once it may be handed over its case file must build, with
 * every item under what it is, adding up to the total the handover claims.
 */
const [business, , consumer] = demoInvoices('2026-01-20');

type Step =
  | { kind: 'next-level'; channel: 'email' | 'letter' }
  | { kind: 'pay'; permille: number }
  | { kind: 'promise'; permille: number }
  | { kind: 'check-promise' }
  | { kind: 'agree-plan'; rates: number; spacingDays: number }
  | { kind: 'plan-defaulted' }
  | { kind: 'dispute' }
  | { kind: 'resolve'; resolution: 'upheld' | 'rejected' }
  | { kind: 'hold'; owner: 'erp' | 'supervisor' }
  | { kind: 'release'; owner: 'erp' | 'supervisor' }
  | { kind: 'hand-over' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('next-level'), channel: fc.constantFrom('email', 'letter') }),
  fc.record({ kind: fc.constant('pay'), permille: fc.integer({ min: 1, max: 1100 }) }),
  fc.record({ kind: fc.constant('promise'), permille: fc.integer({ min: 1, max: 1000 }) }),
  fc.constant({ kind: 'check-promise' as const }),
  fc.record({
    kind: fc.constant('agree-plan'),
    rates: fc.integer({ min: 2, max: 6 }),
    spacingDays: fc.integer({ min: 7, max: 45 }),
  }),
  fc.constant({ kind: 'plan-defaulted' as const }),
  fc.constant({ kind: 'dispute' as const }),
  fc.record({ kind: fc.constant('resolve'), resolution: fc.constantFrom('upheld', 'rejected') }),
  fc.record({ kind: fc.constant('hold'), owner: fc.constantFrom('erp', 'supervisor') }),
  fc.record({ kind: fc.constant('release'), owner: fc.constantFrom('erp', 'supervisor') }),
  fc.constant({ kind: 'hand-over' as const }),
);

/** Mostly days and weeks apart, now and then a year or more, so some claims grow old enough to be time-barred. */
const gapArbitrary = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 900 }) },
);

const scenarioArbitrary = fc.record({
  consumer: fc.boolean(),
  calendarDate: fc.boolean(),
  cents: fc.integer({ min: 20_000, max: 5_000_000 }),
  interestDuringRejectedDispute: fc.constantFrom<'charge' | 'waive'>('charge', 'waive'),
  accelerationClause: fc.boolean(),
  steps: fc.array(fc.tuple(gapArbitrary, stepArbitrary), { minLength: 1, maxLength: 30 }),
});

/** The case event a step means for the case as it stands, or none where the step makes no sense now. */
function eventFor(
  step: Step,
  current: DunningCase,
  on: IsoDate,
  context: CaseContext,
): CaseEvent | undefined {
  const open = openCents(current) + pendingInterest(current, on, context).cents;
  switch (step.kind) {
    case 'next-level': {
      const level = context.policy.levels[current.nextLevelIndex];
      if (!level || level.kind === 'handover') return undefined;
      return level.kind === 'call'
        ? { type: 'level-completed', levelIndex: current.nextLevelIndex, on }
        : { type: 'reminder-sent', levelIndex: current.nextLevelIndex, on, channel: step.channel };
    }
    case 'pay': {
      const cents = Math.max(1, Math.floor((open * step.permille) / 1000));
      return { type: 'payment-received', paymentId: `p-${on}-${cents}`, cents, on, allocation: 'statutory' };
    }
    case 'promise': {
      const cents = Math.max(1, Math.floor((open * step.permille) / 1000));
      return { type: 'promise-recorded', promisedOn: addDays(on, 10), cents, on };
    }
    case 'check-promise':
      return { type: 'promise-checked', on };
    case 'agree-plan': {
      const count = Math.min(step.rates, Math.floor(open / context.policy.installments.minRateCents));
      if (count < 2) return undefined;
      const rate = Math.floor(open / count);
      const rates = Array.from({ length: count }, (_, index) => ({
        dueDate: addDays(on, step.spacingDays * (index + 1)),
        cents: index === count - 1 ? open - rate * (count - 1) : rate,
      }));
      return { type: 'installments-agreed', rates, on };
    }
    case 'plan-defaulted':
      return { type: 'installments-defaulted', on };
    case 'dispute':
      return { type: 'dispute-raised', reason: 'Lieferung unvollständig', on };
    case 'resolve':
      return { type: 'dispute-resolved', resolution: step.resolution, on };
    case 'hold':
      return { type: 'hold-set', reason: 'Prüfung', on, owner: step.owner };
    case 'release':
      return { type: 'hold-released', on, owner: step.owner };
    case 'hand-over':
      return { type: 'handed-over', on };
  }
}

/** Builds the case file where the case may be handed over, and checks that its items add up. */
function expectCompleteCaseFile(current: DunningCase, on: IsoDate, context: CaseContext) {
  const file = inkassoCaseFileFor(current, [], on, `${on}T09:00:00+01:00`, context);
  const { principal, interest, costs, totalOpenCents } = file.account;
  const paid = file.payments.reduce((sum, payment) => sum + payment.cents, 0);
  // What was claimed, less what was paid, is what is open: no cent booked under the wrong item or twice.
  expect(principal.originalCents + interest.accruedCents + costs.chargedCents - paid).toBe(totalOpenCents);
  expect(totalOpenCents).toBe(statementOn(current, on, context).totalCents);
  return file;
}

describe('the § 13a RDG case file of every case that can be handed over', () => {
  it('builds after any history of reminders, payments, promises, plans, disputes and holds, and adds up', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (scenario) => {
        // Arrange
        const context: CaseContext = {
          ...defaultContext,
          policy: {
            ...defaultPolicy,
            interestDuringRejectedDispute: scenario.interestDuringRejectedDispute,
            installments: { ...defaultPolicy.installments, accelerationClause: scenario.accelerationClause },
          },
        };
        const debtor = scenario.consumer ? consumer : business;
        if (!debtor) throw new Error('demo data missing');
        const invoice: InvoiceIssued = {
          ...debtor,
          orderDate: '2025-12-01',
          issueDate: '2026-01-02',
          dueDate: '2026-01-16',
          amount: { cents: scenario.cents, currency: 'EUR' },
          paymentDateIsCalendarDate: scenario.calendarDate,
        };
        let current = openCase(invoice, context).case;
        let on: IsoDate = invoice.dueDate;

        // Act, Assert
        for (const [gap, step] of scenario.steps) {
          on = addDays(on, gap);
          const mayHandOver = handoverBlockedBecause(current, on) === undefined;
          const file = mayHandOver ? expectCompleteCaseFile(current, on, context) : undefined;
          const event = eventFor(step, current, on, context);
          // Like the workflow's handover step: a blocked case is not handed over.
          if (!event || (event.type === 'handed-over' && !file)) continue;
          try {
            current = applyEvent(current, event, context).case;
          } catch (error) {
            if (!(error instanceof InvalidTransitionError)) throw error;
            continue;
          }
          if (event.type === 'handed-over' && file) {
            // The handover books what the file already showed: the claimed total is what the case keeps open.
            expect(openCents(current)).toBe(file.account.totalOpenCents);
            expect(current.interestLines.reduce((sum, line) => sum + line.cents, 0)).toBe(
              file.account.interest.accruedCents,
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
