import type { DunningCase } from '../../domain/case.js';
import { renderLetter } from '../../domain/letters/index.js';
import { letterInputFor } from '../../domain/statement.js';
import type { StepScope } from './scope.js';

/**
 * Mails the customer a confirmation (a promise, an installment plan, an overdue rate) at most once per
 * case and key; a case whose address bounced gets none.
 */
export async function confirm(
  { context, today, deliver }: StepScope,
  dunningCase: DunningCase,
  key: string,
  request: Parameters<typeof letterInputFor>[3] & object,
): Promise<void> {
  if (dunningCase.emailUndeliverable) return;
  const letter = renderLetter(letterInputFor(dunningCase, today, context, request));
  await deliver(`${dunningCase.invoiceId}#${key}`, {
    to: dunningCase.invoice.customer.email,
    ...letter,
    tags: { invoiceId: dunningCase.invoiceId, levelId: key },
  });
}
