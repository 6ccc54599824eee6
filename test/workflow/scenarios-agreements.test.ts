import { afterAll, beforeAll, describe, it } from 'vitest';
import type { SendEmailInput } from '../../functions/adapters/aws/ses.js';
import { executionNameFor } from '../../functions/adapters/executions.js';
import { planKey } from '../../functions/domain/agreements.js';
import { addDays, compareDates } from '../../functions/domain/calendar.js';
import { openCents } from '../../functions/domain/case.js';
import { decodeMessageTag } from '../../functions/workflow/message-tags.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { sesWithFaults } from './ses-faults.js';
import {
  eventually,
  expectedInterestCents,
  SCENARIO_MS,
  SCENARIO_START,
  WorkflowHarness,
} from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  // The promise, checked once every scenario of the file has run: no open case is left unworked.
  await stopAfterCheckingEveryCaseIsWorked(h);
});

/**
 * Agrees two rates on the open call task: half of what is owed (interest included) in five days, the rest a
 * week later. The total covers interest for a few more days, in case business days pass before the outcome
 * applies; the customer then overpays by those cents.
 */
async function agreeInstallments(invoiceId: string) {
  const task = await h.openTask(invoiceId, 'call');
  const open = h.amountDueOn(await h.case(invoiceId), addDays(h.today(), 5));
  const first = Math.floor(open / 2);
  const rates = [
    { dueDate: addDays(h.today(), 5), cents: first },
    { dueDate: addDays(h.today(), 12), cents: open - first },
  ];
  const completion = await h.complete(task, { type: 'installments', rates, dissatisfied: false });
  if (completion.result !== 'completed') throw new Error(`the plan was not agreed: ${completion.result}`);
  const agreed = await h.waitForCase(invoiceId, (found) => found.status === 'installments', 'the plan');
  return { task, rates, completion, agreed };
}

/** Raises a dispute on the open call task and waits for the resolution task it leads to. */
async function dispute(invoiceId: string) {
  const call = await h.openTask(invoiceId, 'call');
  const completion = await h.complete(call, {
    type: 'dispute',
    disputeReason: 'Lieferung unvollständig',
    dissatisfied: true,
  });
  if (completion.result !== 'completed')
    throw new Error(`the dispute was not recorded: ${completion.result}`);
  const resolution = await h.openTask(invoiceId, 'dispute');
  const disputed = await h.case(invoiceId);
  return { call, resolution, disputed };
}

describe.concurrent('agreements and disputes', () => {
  it(
    'an installment plan whose rates are all paid ends the dunning as paid',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('rates-paid');
      await h.issue(invoice);
      const { rates, completion, agreed } = await agreeInstallments(invoice.invoiceId);
      const plan = agreed.installmentPlan ?? { agreedOn: 'none' };

      // Act
      await h.erp.pay(invoice.invoiceId, rates[0]?.cents ?? 0, h.today(), 'rate-1');
      await eventually(
        () => (compareDates(h.today(), rates[0]?.dueDate ?? '') > 0 ? true : undefined),
        'the first due date',
      );
      await h.erp.pay(invoice.invoiceId, rates[1]?.cents ?? 0, h.today(), 'rate-2');
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(completion.result).toBe('completed');
      expect(agreed.installmentPlan?.rates).toEqual(rates);
      const closed = await h.case(invoice.invoiceId);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      const agreedTotal = rates.reduce((sum, rate) => sum + rate.cents, 0);
      expect(agreedTotal).toBeGreaterThanOrEqual(openCents(agreed));
      expect(agreedTotal - openCents(agreed)).toBeLessThan(1000);
      expect(closed).toMatchObject({
        status: 'paid',
        paidCents: agreedTotal,
        balance: { principalCents: 0, interestCents: 0, costsCents: 0 },
      });
      const lastPayment = timeline.find((entry) => entry.data?.paymentId === 'rate-2');
      expect(lastPayment?.data?.surplusCents).toBe(agreedTotal - openCents(agreed));
      // The plan defers the claim: interest was booked up to the agreement and none accrued afterwards.
      expect(agreed.interestBookedThrough).toBe(agreed.installmentPlan?.agreedOn);
      expect(closed.interestLines).toEqual(agreed.interestLines);
      expect(executions.map((execution) => [execution.name, execution.status])).toEqual([
        [executionNameFor(invoice.invoiceId), 'SUCCEEDED'],
        [executionNameFor(invoice.invoiceId, planKey(plan)), 'SUCCEEDED'],
      ]);
      expect(h.events(invoice.invoiceId, 'Installment Plan Agreed')[0]?.detail).toMatchObject({ rates });
      const subjects = (await h.mailsTo(invoice)).map((mail) => mail.subject);
      expect(subjects.filter((subject) => subject.startsWith('Bestätigung Ihrer Ratenzahlung'))).toHaveLength(
        1,
      );
      expect(subjects).toHaveLength(3);
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1', 'reminder-2']);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a missed installment is reminded once, then the plan defaults and the case is handed over with a complete case file',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('rate-missed');
      const sent: SendEmailInput[] = [];
      const recorder = sesWithFaults(h, (input) => {
        sent.push(input);
        return undefined;
      });
      await h.issue(invoice);
      const { rates, agreed } = await agreeInstallments(invoice.invoiceId);
      const plan = agreed.installmentPlan ?? { agreedOn: 'none' };

      // Act
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      const approved = await h.complete(approval, { type: 'approval', decision: 'approve' });
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(approved.result).toBe('completed');
      expect(approval.queue).toBe('supervisors');
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('handed-over');
      expect(executions.map((execution) => [execution.name, execution.status])).toEqual([
        [executionNameFor(invoice.invoiceId), 'SUCCEEDED'],
        [executionNameFor(invoice.invoiceId, planKey(plan)), 'SUCCEEDED'],
        [executionNameFor(invoice.invoiceId, `${planKey(plan)}-default-0`), 'SUCCEEDED'],
      ]);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      const rateReminder = timeline.find((entry) => entry.type === 'installment-reminder');
      const defaulted = timeline.find((entry) => entry.type === 'installments-defaulted');
      const graceEnd = h.context.calendar.addBusinessDays(rates[0]?.dueDate ?? '', 3);
      expect(compareDates(rateReminder?.on ?? '', graceEnd)).toBeGreaterThanOrEqual(0);
      expect(compareDates(defaulted?.on ?? '', rateReminder?.on ?? '')).toBeGreaterThan(0);
      const subjects = (await h.mailsTo(invoice)).map((mail) => mail.subject);
      expect(subjects.filter((subject) => subject.startsWith('Bestätigung Ihrer Ratenzahlung'))).toHaveLength(
        2,
      );
      // Both confirmations are sent under keys of this plan, so a later plan's confirmations are not taken
      // for them (the mail records keep their keys for 90 days).
      recorder.close();
      const confirmationKeys = sent
        .filter((input) => input.Destination?.ToAddresses?.includes(invoice.customer.email))
        .filter((input) => input.Content.Simple?.Subject.Data.startsWith('Bestätigung Ihrer Ratenzahlung'))
        .map((input) =>
          decodeMessageTag(input.EmailTags?.find((tag) => tag.Name === 'levelId')?.Value ?? ''),
        );
      expect(confirmationKeys).toEqual([planKey(plan), `${planKey(plan)}-rate-0-reminder`]);

      const file = await h.cases.caseFile(invoice.invoiceId);
      expect(file).toBeDefined();
      expect(file?.claim).toEqual({
        invoiceNumber: invoice.invoiceNumber,
        orderNumber: invoice.orderNumber,
        orderDate: invoice.orderDate,
        reason: invoice.lineSummary,
        invoiceDate: invoice.issueDate,
        dueDate: invoice.dueDate,
      });
      expect(file?.creditor.name).toBe(h.context.policy.creditor.name);
      expect(file?.debtor).toMatchObject({ customerId: invoice.customer.id, email: invoice.customer.email });
      expect(file?.defaultStart).toMatchObject({ basis: 'calendar-date', date: h.defaultDate(invoice) });
      expect(file?.account.principal).toEqual({ originalCents: 250_000, openCents: 250_000 });
      expect(file?.account.costs).toMatchObject({ lumpSumCents: 4000, openCents: 4000 });
      expect(file?.account.interest.lines.length).toBeGreaterThan(0);
      expect(file?.account.interest.lines[0]?.from).toBe(h.defaultDate(invoice));
      // § 286 (2) Nr. 1 BGB: no interest for the plan's days until the missed first rate is in default, from the
      // day after its date (moved by § 193 BGB); then on the principal less the second rate, which is not yet
      // due; from the day after the second rate's date on the whole principal (no acceleration clause). Each
      // line checked the way a clerk computes it.
      const inDefaultFrom = (dueDate: string) => addDays(h.context.calendar.onOrNextBusinessDay(dueDate), 1);
      const firstMissed = inDefaultFrom(rates[0]?.dueDate ?? '');
      const secondDue = inDefaultFrom(rates[1]?.dueDate ?? '');
      const planLines = (file?.account.interest.lines ?? []).filter(
        (line) => compareDates(line.through, agreed.installmentPlan?.agreedOn ?? '') > 0,
      );
      expect(planLines[0]?.from).toBe(firstMissed);
      for (const line of planLines) {
        const principal =
          compareDates(line.from, secondDue) < 0
            ? 250_000 - Math.min(250_000, rates[1]?.cents ?? 0)
            : 250_000;
        expect(line.principalCents).toBe(principal);
        expect(compareDates(line.through, secondDue) < 0 || compareDates(line.from, secondDue) >= 0).toBe(
          true,
        );
        expect(line.cents).toBe(expectedInterestCents(principal, line.from, line.through));
      }
      expect(planLines.at(-1)?.through).toBe(closed.closed?.on);
      expect(file?.account.totalOpenCents).toBe(250_000 + 4000 + (file?.account.interest.openCents ?? 0));
      expect(file?.contactHistory.reminders.map((reminder) => reminder.levelId)).toEqual([
        'reminder-1',
        'reminder-2',
      ]);
      expect(file?.contactHistory.calls.map((call) => call.outcome)).toEqual(['installments']);
      expect(file?.payments).toEqual([]);
      expect(h.events(invoice.invoiceId, 'Inkasso Handover Requested')).toEqual([
        expect.objectContaining({
          detail: expect.objectContaining({
            agency: h.context.policy.inkassoAgency,
            openCents: file?.account.totalOpenCents,
          }),
        }),
      ]);
      expect(h.events(invoice.invoiceId, 'Dunning Closed')[0]?.detail).toMatchObject({
        outcome: 'handed-over',
      });
      expect(agreed.installmentPlan?.rates).toEqual(rates);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a dispute that is upheld cancels the claim and stops interest from the day it was raised',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('dispute-upheld');
      await h.issue(invoice);
      const { resolution, disputed } = await dispute(invoice.invoiceId);

      // Act
      const completion = await h.complete(resolution, { type: 'resolution', resolution: 'upheld' });
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(completion.result).toBe('completed');
      expect(resolution.queue).toBe('disputes');
      expect(disputed.status).toBe('disputed');
      const raisedOn = disputed.disputes[0]?.raisedOn ?? '';
      expect(disputed.interestBookedThrough).toBe(raisedOn);
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('cancelled');
      expect(closed.disputes).toEqual([
        expect.objectContaining({ reason: 'Lieferung unvollständig', raisedOn, resolution: 'upheld' }),
      ]);
      expect(closed.interestLines.every((line) => compareDates(line.through, raisedOn) <= 0)).toBe(true);
      expect(closed.closed?.waivedCents).toBe(openCents(disputed));
      expect(h.events(invoice.invoiceId, 'Dunning Closed')[0]?.detail).toMatchObject({
        outcome: 'cancelled',
        waivedCents: openCents(disputed),
      });
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect((await h.mailsTo(invoice)).map((mail) => mail.subject)).toHaveLength(2);
      const timeline = (await h.cases.timeline(invoice.invoiceId)).map((entry) => entry.type);
      expect(timeline.slice(timeline.indexOf('dispute-raised'))).toEqual([
        'dispute-raised',
        'task-opened',
        'dispute-resolved',
        'case-closed',
      ]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a dispute that is rejected resumes dunning at the same level with a new call and charges the interest of the disputed days (§ 286 (4) BGB)',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('dispute-rejected');
      await h.issue(invoice);
      const { call, resolution } = await dispute(invoice.invoiceId);

      // Act
      await h.complete(resolution, { type: 'resolution', resolution: 'rejected' });
      const nextCall = await h.openTask(invoice.invoiceId, 'call', { except: [call.taskId] });
      const resumed = await h.case(invoice.invoiceId);
      const paidOn = h.today();
      await h.erp.pay(invoice.invoiceId, h.amountDueOn(resumed, paidOn), paidOn);
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(resumed.status).toBe('open');
      const [handled] = resumed.disputes;
      expect(handled).toMatchObject({ resolution: 'rejected' });
      expect(nextCall.levelId).toBe('call');
      expect(resumed.nextLevelIndex).toBe(2);
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('paid');
      // An unfounded dispute does not stop default: the shipped policy charges the disputed days on rejection,
      // from the day after it was raised through the day it was rejected, on the whole principal.
      const raisedOn = handled?.raisedOn ?? '';
      const resolvedOn = handled?.resolvedOn ?? '';
      const disputedDays = closed.interestLines.filter(
        (line) => compareDates(line.through, raisedOn) > 0 && compareDates(line.from, resolvedOn) <= 0,
      );
      expect(disputedDays.map((line) => [line.from, line.through, line.cents])).toEqual(
        compareDates(resolvedOn, raisedOn) > 0
          ? [
              [
                addDays(raisedOn, 1),
                resolvedOn,
                expectedInterestCents(250_000, addDays(raisedOn, 1), resolvedOn),
              ],
            ]
          : [],
      );
      expect(handled).toMatchObject({ interest: 'charged' });
      expect(
        closed.interestLines.some((line) => compareDates(line.from, handled?.resolvedOn ?? '') > 0),
      ).toBe(compareDates(paidOn, handled?.resolvedOn ?? '') > 0);
      const tasks = await h.tasks.tasksOfCase(invoice.invoiceId);
      expect(tasks.map((task) => [task.kind, task.status])).toEqual([
        ['call', 'done'],
        ['dispute', 'done'],
        ['call', 'done'],
      ]);
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(
        timeline.filter((entry) => entry.type === 'dispute-resolved').map((entry) => entry.summary),
      ).toEqual([
        expect.stringMatching(
          /^dispute rejected; § 286 \(4\) BGB: default continued, interest of \d+ cents for the dispute period charged$/,
        ),
      ]);
      expect(h.events(invoice.invoiceId, 'Call Task Opened')).toHaveLength(2);
      expect(h.events(invoice.invoiceId, 'Dunning Closed')[0]?.detail).toMatchObject({ outcome: 'paid' });
      expect(await h.mailsTo(invoice)).toHaveLength(2);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a handover is blocked while the claim is disputed and goes ahead only after the dispute is rejected and approved again',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('handover-disputed');
      await h.issue(invoice);
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      await h.raiseDispute(invoice.invoiceId, 'Kunde bestreitet die Lieferung');

      // Act
      await h.complete(approval, { type: 'approval', decision: 'approve' });
      const resolution = await h.openTask(invoice.invoiceId, 'dispute');
      const blocked = await h.case(invoice.invoiceId);
      const fileWhileDisputed = await h.cases.caseFile(invoice.invoiceId);
      await h.complete(resolution, { type: 'resolution', resolution: 'rejected' });
      const secondApproval = await h.openTask(invoice.invoiceId, 'approval', { except: [approval.taskId] });
      await h.complete(secondApproval, { type: 'approval', decision: 'approve' });
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(blocked.status).toBe('disputed');
      expect(fileWhileDisputed).toBeUndefined();
      const timeline = await h.cases.timeline(invoice.invoiceId);
      expect(timeline.filter((entry) => entry.type === 'handover-blocked')).toEqual([
        expect.objectContaining({
          summary: 'handover blocked: the claim is disputed and awaits a resolution',
        }),
      ]);
      const closed = await h.case(invoice.invoiceId);
      expect(closed.status).toBe('handed-over');
      const file = await h.cases.caseFile(invoice.invoiceId);
      expect(file?.contactHistory.disputes).toEqual([
        expect.objectContaining({ reason: 'Kunde bestreitet die Lieferung', resolution: 'rejected' }),
      ]);
      expect(file?.creditBureau.allowed).toBe(false);
      expect(file?.creditBureau.checks.find((check) => check.rule === 'undisputed')?.passed).toBe(false);
      expect(h.events(invoice.invoiceId, 'Inkasso Handover Requested')).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ creditBureauReportAllowed: false }) }),
      ]);
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      // Reminders 1 and 2 by email; the final notice went out as a letter.
      expect(await h.mailsTo(invoice)).toHaveLength(2);
      expect(closed.reminders.map((reminder) => reminder.levelId)).toEqual([
        'reminder-1',
        'reminder-2',
        'final',
      ]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );
});
