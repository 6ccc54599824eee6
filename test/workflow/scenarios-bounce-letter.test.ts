// The policy of this file: hard bounces fall back to posted letters (must come before the product's modules).
import './letter-fallback-policy.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { letterKey } from '../../functions/domain/document-keys.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { printResources } from '../../functions/handlers/runtime/print.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { sesHardBounce } from './ses-faults.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
});
afterAll(async () => {
  await stopAfterCheckingEveryCaseIsWorked(h);
});

const print = () => printResources(workflowInstance());

describe('a hard bounce under the letter fallback', () => {
  it(
    'sends the bounced reminder again as a posted letter, and the next reminder by post too',
    async ({ expect }) => {
      // Arrange
      expect(h.context.policy.bounce.fallback).toBe('letter');
      const invoice = h.invoice('bounce-letter');
      const ses = sesHardBounce(h.stack);
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);
      const [firstMail] = await h.mailed(invoice, 1);

      // Act: the address bounces; the print service posts the day's batch (the local stand-in)
      await ses.bounce(firstMail?.messageId ?? '', invoice.invoiceId);
      const posted = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((reminder) => reminder.levelId === 'reminder-1' && reminder.postedOn),
        'the bounced reminder posted',
      );
      const second = await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((reminder) => reminder.levelId === 'reminder-2'),
        'the second reminder',
      );
      const secondLetter = await eventually(
        async () => print().queue.letter(letterKey(invoice.invoiceId, 'reminder-2')),
        'the second reminder queued for the post',
        40_000,
      );
      await h.payInFull(invoice.invoiceId);
      ses.close();

      // Assert: one mail only (the one that bounced); both reminders are letters with a stored PDF
      expect(await h.mailsTo(invoice)).toHaveLength(1);
      expect(posted.reminders.find((reminder) => reminder.levelId === 'reminder-1')?.channel).toBe('letter');
      expect(second.reminders.find((reminder) => reminder.levelId === 'reminder-2')?.channel).toBe('letter');
      const firstLetter = await print().queue.letter(letterKey(invoice.invoiceId, 'reminder-1'));
      expect(firstLetter?.status).toBe('posted');
      expect(secondLetter.documentKey).toBe(letterKey(invoice.invoiceId, 'reminder-2'));
      expect(await print().documents.exists(letterKey(invoice.invoiceId, 'reminder-1'))).toBe(true);
      const bounced = h.events(invoice.invoiceId, 'Dunning Reminder Sent').map((event) => event.detail);
      expect(bounced).toContainEqual(expect.objectContaining({ levelId: 'reminder-1', channel: 'letter' }));
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS * 2,
  );
});
