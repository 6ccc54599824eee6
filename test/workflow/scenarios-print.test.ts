import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, it } from 'vitest';
import * as zod from 'zod';
import { berlinDateOf, compareDates } from '../../functions/domain/calendar.js';
import { letterKey, printBatchKeys } from '../../functions/domain/document-keys.js';
import { letterBatchReadySchema } from '../../functions/domain/events.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { printResources } from '../../functions/handlers/runtime/print.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  // The test runs the print job and confirms the posting itself.
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, print: 'manual' });
});
afterAll(async () => {
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const print = () => printResources(workflowInstance());

describe('the print hand-off', () => {
  it(
    "a final notice goes out with the day's print batch, and the handover waits for its posting and counts from it",
    async ({ expect }) => {
      // Arrange: overdue for long, so every level is due at once up to the handover
      const invoice = h.invoice('print-final', { issueDate: '2025-09-01', dueDate: '2025-10-01' });
      await h.issue(invoice);
      const key = letterKey(invoice.invoiceId, 'final');
      await eventually(
        async () => (await print().queue.letter(key))?.status === 'pending' || undefined,
        'the final notice queued',
        40_000,
      );

      // Act 1: the day's print batch (a weekend or holiday run assembles nothing: run until a business day)
      const result = await eventually(
        async () => {
          const run = z(await h.stack.invoke('render-print-batch', {}));
          return run.outcome === 'ready' ? run : undefined;
        },
        'a print batch',
        20_000,
        50,
      );

      // Assert 1: one PDF with the letter's page, a manifest naming it, the event with links and no names
      const keys = printBatchKeys(result.date, result.batchId);
      const pdf = await print().documents.get(keys.pdf);
      const manifest = new TextDecoder().decode((await print().documents.get(keys.manifest))?.bytes);
      expect(pdf && (await PDFDocument.load(pdf.bytes)).getPageCount()).toBe(1);
      expect(manifest.split('\r\n')[0]).toBe(
        'batch_id,sequence,document_id,invoice_id,level,pages,first_page,postal_code,country',
      );
      expect(manifest).toContain(`${result.batchId},1,${key},print-final,final,1,1,`);
      const announced = h.stack.bus
        .events()
        .filter(({ event }) => event['detail-type'] === 'Letter Batch Ready');
      const ready = letterBatchReadySchema.parse(announced[0]?.event.detail);
      expect(ready).toMatchObject({ batchId: result.batchId, letterCount: 1, pageCount: 1 });
      expect(JSON.stringify(ready)).not.toContain(invoice.customer.name);
      expect((await print().queue.letter(key))?.status).toBe('batched');
      const rerun = z(await h.stack.invoke('render-print-batch', {}));
      expect(['already-ready', 'no-letters', 'not-a-business-day', 'ready']).toContain(rerun.outcome);

      // Act 2: nobody confirms for a while: the handover must not open; then the print service posts it today
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const before = await h.case(invoice.invoiceId);
      expect(await h.tasks.tasksOfCase(invoice.invoiceId)).not.toContainEqual(
        expect.objectContaining({ kind: 'approval' }),
      );
      const postedOn = h.today();
      await h.erp.put('Letters Posted', { batchId: result.batchId, postedOn });
      const posted = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((r) => r.postedOn),
        'the final notice posted',
      );
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });

      // Assert 2: the handover came only after the posted letter's receipt (posting + 4 business days)
      expect(before.reminders.find((r) => r.levelId === 'final')?.postedOn).toBeUndefined();
      expect(posted.reminders.find((r) => r.levelId === 'final')?.postedOn).toBe(postedOn);
      const received = h.context.calendar.addBusinessDays(postedOn, 4);
      expect(compareDates(berlinDateOf(approval.createdAt), received)).toBeGreaterThan(0);
      expect((await print().queue.letter(key))?.status).toBe('posted');
      const lines = await h.cases.timeline(invoice.invoiceId);
      expect(lines.filter((line) => line.type === 'letter-posted').map((line) => line.data)).toEqual([
        { levelId: 'final', postedOn, batchId: result.batchId },
      ]);
      await h.complete(approval, { type: 'approval', decision: 'approve' });
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'handed-over', 'handed over');
    },
    SCENARIO_MS * 2,
  );
});

/** The job's answer, as the local stack returns it. */
const runSchema = zod.object({
  outcome: zod.string(),
  date: zod.string(),
  batchId: zod.string().default(''),
});
const z = (result: unknown) => runSchema.parse(result);
