import { afterAll, beforeAll, describe, it } from 'vitest';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { planSuffix } from '../../functions/workflow/steps/scope.js';
import { stopAfterCheckingEveryCaseIsWorked, unworkedCases } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const blockSet = (invoiceId: string) =>
  h.erp.put('Dunning Block Set', { invoiceId, reason: 'Reklamation in Prüfung', setOn: h.today() });
const blockReleased = (invoiceId: string) =>
  h.erp.put('Dunning Block Released', { invoiceId, releasedOn: h.today() });
const supervisorHold = (invoiceId: string) =>
  workflowInstance().service.change(invoiceId, () => ({
    event: { type: 'hold-set', on: h.today(), reason: 'Insolvenzprüfung', owner: 'supervisor' },
  }));
const supervisorRelease = (invoiceId: string) =>
  workflowInstance().service.change(invoiceId, () => ({
    event: { type: 'hold-released', on: h.today(), owner: 'supervisor' },
  }));
const holders = async (invoiceId: string) =>
  (await h.case(invoiceId)).hold?.holders.map((holder) => holder.owner) ?? [];

describe.concurrent('holds with owners on the running workflow', () => {
  it(
    'an ERP release does not lift a supervisor hold: no reminder goes out until the supervisor releases too',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('held-by-two');
      await h.issue(invoice);
      await blockSet(invoice.invoiceId);
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'on-hold', 'the ERP block');
      await supervisorHold(invoice.invoiceId);

      // Act: the ERP lifts its block, business days pass beyond the first reminder's day.
      await blockReleased(invoice.invoiceId);
      await eventually(
        async () => ((await holders(invoice.invoiceId)).length === 1 ? true : undefined),
        'ERP release',
      );
      const firstReminderDay = addDays(invoice.dueDate, 10);
      await eventually(
        () => (compareDates(h.today(), firstReminderDay) > 0 ? true : undefined),
        'the days passing',
      );
      const stillHeld = await h.case(invoice.invoiceId);
      const mailsWhileHeld = await h.mailsTo(invoice);
      await supervisorRelease(invoice.invoiceId);
      await h.reminded(invoice.invoiceId, 1);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(stillHeld.status).toBe('on-hold');
      expect(stillHeld.hold?.holders.map((holder) => holder.owner)).toEqual(['supervisor']);
      expect(mailsWhileHeld).toEqual([]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'hold-released').map((entry) => entry.data)).toEqual([
        expect.objectContaining({ owner: 'erp', stillHeldBy: 'supervisor' }),
        expect.objectContaining({ owner: 'supervisor', resumeAs: 'open' }),
      ]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'an installment plan survives a hold: it pauses, keeps running, and resumes to the end once released',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('plan-held');
      await h.issue(invoice);
      const call = await h.openTask(invoice.invoiceId, 'call');
      const open = h.amountDueOn(await h.case(invoice.invoiceId), addDays(h.today(), 5));
      const first = Math.floor(open / 2);
      const rates = [
        { dueDate: addDays(h.today(), 5), cents: first },
        { dueDate: addDays(h.today(), 12), cents: open - first },
      ];
      await h.complete(call, { type: 'installments', rates, dissatisfied: false });
      const agreed = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.status === 'installments',
        'the plan',
      );
      const planName = executionNameFor(invoice.invoiceId, planSuffix(agreed));
      await eventually(() => h.executionsOf(invoice.invoiceId).find((e) => e.name === planName), 'the plan');

      // Act: held over the first rate's due date and its grace, then released; the rates are paid.
      await supervisorHold(invoice.invoiceId);
      const afterGrace = h.context.calendar.addBusinessDays(rates[0]?.dueDate ?? '', 5);
      await eventually(() => (compareDates(h.today(), afterGrace) > 0 ? true : undefined), 'past the grace');
      const planWhileHeld = h.executionsOf(invoice.invoiceId).find((e) => e.name === planName);
      const unworkedWhileHeld = await unworkedCases(h, [invoice.invoiceId]);
      await supervisorRelease(invoice.invoiceId);
      await h.erp.pay(invoice.invoiceId, open, h.today(), 'all-rates');
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(planWhileHeld?.status).toBe('RUNNING');
      expect(unworkedWhileHeld).toEqual([]);
      expect(executions.find((e) => e.name === planName)?.status).toBe('SUCCEEDED');
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'installments-defaulted')).toEqual([]);
      expect(timeline.filter((entry) => entry.type === 'installment-reminder')).toEqual([]);
      expect((await h.case(invoice.invoiceId)).status).toBe('paid');
    },
    SCENARIO_MS,
  );
});
