import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../../functions/domain/calendar.js';
import {
  dateOfPrintBatch,
  lettersConfirmed,
  manifestCsv,
  newPrintBatch,
  printBatchIdFor,
  unconfirmedBatches,
} from '../../functions/domain/print-batch.js';

const letter = (invoiceId: string, pages: number, postalCode?: string) => ({
  invoiceId,
  levelId: 'final',
  documentKey: `cases/${invoiceId}/letters/final.pdf`,
  pages,
  renderedAt: '2026-03-16T10:00:00Z',
  ...(postalCode ? { postalCode } : {}),
});

describe('a print batch', () => {
  it('numbers the letters in PDF order with the first page of each, and names itself after its day', () => {
    // Act
    const batch = newPrintBatch(
      '2026-03-16',
      [letter('A-1', 2, '10115'), letter('A-2', 1)],
      '2026-03-16T14:00:00Z',
    );

    // Assert
    expect(batch.batchId).toBe(printBatchIdFor('2026-03-16'));
    expect(dateOfPrintBatch(batch.batchId)).toBe('2026-03-16');
    expect(batch.letters.map(({ sequence, firstPage, pages }) => ({ sequence, firstPage, pages }))).toEqual([
      { sequence: 1, firstPage: 1, pages: 2 },
      { sequence: 2, firstPage: 3, pages: 1 },
    ]);
    expect(batch.pageCount).toBe(3);
  });

  it('writes a manifest line per letter, quoting commas and defusing spreadsheet formulas', () => {
    // Arrange
    const batch = newPrintBatch('2026-03-16', [letter('A,1', 1), letter('=cmd', 1)], '2026-03-16T14:00:00Z');

    // Act
    const lines = manifestCsv(batch).split('\r\n');

    // Assert
    expect(lines[0]).toBe(
      'batch_id,sequence,document_id,invoice_id,level,pages,first_page,postal_code,country',
    );
    expect(lines[1]).toBe('print-2026-03-16,1,"cases/A,1/letters/final.pdf","A,1",final,1,1,,DE');
    expect(lines[2]).toBe("print-2026-03-16,2,cases/=cmd/letters/final.pdf,'=cmd,final,1,2,,DE");
  });

  it('confirms the whole batch, or only the letters a posting names', () => {
    // Arrange
    const batch = newPrintBatch('2026-03-16', [letter('A-1', 1), letter('A-2', 1)], '2026-03-16T14:00:00Z');

    // Act
    const all = lettersConfirmed(batch);
    const some = lettersConfirmed(batch, ['cases/A-2/letters/final.pdf']);

    // Assert
    expect(all.map((entry) => entry.invoiceId)).toEqual(['A-1', 'A-2']);
    expect(some.map((entry) => entry.invoiceId)).toEqual(['A-2']);
    expect(dateOfPrintBatch('print-2026-02-30')).toBeUndefined();
  });
});

describe('the print batches nobody confirmed', () => {
  const batchOf = (date: string, status: 'assembling' | 'ready' | 'posted') => ({
    ...newPrintBatch(date, [letter(`A-${date}`, 1)], `${date}T14:00:00Z`),
    status,
  });

  it('are the ready ones past two business days after their date, counted over weekends and holidays', () => {
    // Arrange: Thu 2 Apr 2026; Good Friday and Easter Monday are holidays in Berlin
    const batches = [
      batchOf('2026-04-01', 'ready'),
      batchOf('2026-04-02', 'ready'),
      batchOf('2026-03-31', 'posted'),
      batchOf('2026-03-30', 'assembling'),
    ];

    // Act
    const onTuesday = unconfirmedBatches(batches, '2026-04-07', businessCalendar('BE'));
    const onWednesday = unconfirmedBatches(batches, '2026-04-08', businessCalendar('BE'));

    // Assert: 1 Apr is confirmable through Tue 7 Apr (2 Apr, 7 Apr), overdue on Wednesday; 2 Apr through 8 Apr
    expect(onTuesday.map((batch) => batch.date)).toEqual([]);
    expect(onWednesday.map((batch) => batch.date)).toEqual(['2026-04-01']);
  });
});
