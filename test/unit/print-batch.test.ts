import { describe, expect, it } from 'vitest';
import {
  dateOfPrintBatch,
  lettersConfirmed,
  manifestCsv,
  newPrintBatch,
  printBatchIdFor,
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
