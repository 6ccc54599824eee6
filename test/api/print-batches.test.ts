import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mergeLetterPdfs } from '../../functions/documents/print-batch-pdf.js';
import { addDays } from '../../functions/domain/calendar.js';
import { letterKey } from '../../functions/domain/document-keys.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { printResources } from '../../functions/handlers/runtime/print.js';
import { assemblePrintBatch } from '../../functions/workflow/print/print-batch.js';
import { problemShape, TODAY, useApiStack, waitFor } from './support.js';

// No stand-in print service: it would post a batch the moment it is ready, before a test reads it as ready.
const { call } = useApiStack({ print: 'manual' });

/** A case whose final notice was written yesterday, stored as a PDF and queued, then batched today. */
async function batchedFinalNotice(invoiceId: string) {
  const workflow = workflowInstance();
  const { service } = workflow;
  const print = printResources(workflow);
  const { demoInvoices } = await import('../../local/demo-invoices.js');
  const [template] = demoInvoices(TODAY);
  if (!template) throw new Error('demo data missing');
  await service.open({
    ...template,
    invoiceId,
    invoiceNumber: `RE-${invoiceId}`,
    issueDate: addDays(TODAY, -90),
    dueDate: addDays(TODAY, -70),
  });
  for (const event of [
    { type: 'reminder-sent', levelIndex: 0, on: addDays(TODAY, -65), channel: 'email' },
    { type: 'reminder-sent', levelIndex: 1, on: addDays(TODAY, -58), channel: 'email' },
    { type: 'level-completed', levelIndex: 2, on: addDays(TODAY, -50) },
    { type: 'reminder-sent', levelIndex: 3, on: addDays(TODAY, -1), channel: 'letter' },
  ] as const) {
    await service.change(invoiceId, () => ({ event }));
  }
  const { PDFDocument } = await import('pdf-lib');
  const letter = await PDFDocument.create();
  letter.addPage();
  const key = letterKey(invoiceId, 'final');
  await print.documents.put(key, await letter.save(), 'application/pdf');
  await print.queue.letterRendered({
    invoiceId,
    levelId: 'final',
    documentKey: key,
    pages: 1,
    renderedAt: `${addDays(TODAY, -1)}T12:00:00Z`,
  });
  const result = await assemblePrintBatch(
    { ...print, mergePdfs: mergeLetterPdfs, calendar: service.context.calendar },
    { today: TODAY, now: `${TODAY}T14:00:00Z` },
  );
  return { result, key };
}

describe('print batches', () => {
  it('lists the batches for supervisors with the day their posting is due to be confirmed, links their files with a 303, and records who confirmed the posting', async () => {
    // Arrange
    const { result } = await batchedFinalNotice('api-print-1');
    const batchId = `print-${TODAY}`;
    expect(result).toMatchObject({ outcome: 'ready', batchId, letterCount: 1 });

    // Act
    const listed = await call('GET', '/print-batches', { as: 'supervisor' });
    const pdf = await call('GET', `/print-batches/${batchId}/pdf`, { as: 'supervisor' });
    const posted = await call('POST', `/print-batches/${batchId}/posted`, {
      as: 'supervisor',
      body: { postedOn: TODAY },
    });

    // Assert
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      batches: [
        expect.objectContaining({
          batchId,
          date: TODAY,
          status: 'ready',
          letterCount: 1,
          pageCount: 1,
          // Monday 16 March: two business days for the print service's confirmation
          confirmationDueOn: '2026-03-18',
        }),
      ],
    });
    expect(pdf.status).toBe(303);
    expect(pdf.location).toContain(`print-batches/${TODAY}/`);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ status: 'posted', postedOn: TODAY, postedBy: expect.any(String) });
    expect(posted.body).not.toHaveProperty('confirmationDueOn');
    const stored = await waitFor(async () => {
      const found = await workflowInstance().service.find('api-print-1');
      return found?.reminders.find((reminder) => reminder.levelId === 'final')?.postedOn;
    });
    expect(stored).toBe(TODAY);
  });

  it('answers one batch with fresh links to its PDF and manifest, which open the stored files without a token', async () => {
    // Arrange
    const batchId = `print-${TODAY}`;

    // Act
    const detail = await call('GET', `/print-batches/${batchId}`, { as: 'supervisor' });
    const caller = await call('GET', `/print-batches/${batchId}`, { as: 'caller' });
    const unknown = await call('GET', '/print-batches/print-2020-01-01', { as: 'supervisor' });

    // Assert
    expect(detail.status).toBe(200);
    const { files } = z
      .object({ batchId: z.string(), files: z.object({ pdfUrl: z.url(), manifestUrl: z.url() }) })
      .parse(detail.body);
    const pdf = await fetch(files.pdfUrl);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    expect(await (await fetch(files.manifestUrl)).text()).toContain('batch_id,sequence,document_id');
    expect(caller.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('answers 422 naming postedOn for a posting before the batch date, 403 to callers and 404 for an unknown batch', async () => {
    // Act
    const early = await call('POST', `/print-batches/print-${TODAY}/posted`, {
      as: 'supervisor',
      body: { postedOn: addDays(TODAY, -3) },
    });
    const caller = await call('GET', '/print-batches', { as: 'caller' });
    const unknown = await call('GET', '/print-batches/print-2020-01-01/manifest', { as: 'supervisor' });

    // Assert
    expect(early.status).toBe(422);
    expect(
      z.object({ errors: z.array(z.object({ path: z.string() })) }).parse(early.body).errors[0]?.path,
    ).toBe('body.postedOn');
    expect(problemShape.parse(early.body).status).toBe(422);
    expect(caller.status).toBe(403);
    expect(unknown.status).toBe(404);
  });
});
