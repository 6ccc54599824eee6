import { afterAll, beforeAll, describe, it } from 'vitest';
import { S3Client } from '../../functions/adapters/aws/s3.js';
import { DocumentStore } from '../../functions/adapters/document-store.js';
import { caseDocumentsPrefix, letterKey } from '../../functions/domain/document-keys.js';
import { EVENT_SOURCE } from '../../functions/domain/events.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { eventually, SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;
let documents: DocumentStore;

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START });
  const s3 = new S3Client({
    endpoint: h.stack.endpoints.s3,
    region: localRegion,
    credentials: localCredentials,
  });
  documents = new DocumentStore(s3, h.stack.documentBucket);
}, 60_000);
afterAll(async () => {
  await stopAfterCheckingEveryCaseIsWorked(h);
});

/** The `Dunning Reminder Sent` of a level as it went over the bus: what the rule's queue delivered. */
function reminderEnvelope(invoiceId: string, levelId: string) {
  const published = h.stack.bus
    .events()
    .map(({ event }) => event)
    .find(
      (event) =>
        event.source === EVENT_SOURCE &&
        event['detail-type'] === 'Dunning Reminder Sent' &&
        JSON.stringify(event.detail).includes(`"levelId":"${levelId}"`) &&
        JSON.stringify(event.detail).includes(`"invoiceId":"${invoiceId}"`),
    );
  if (!published) throw new Error(`no Dunning Reminder Sent of ${invoiceId} ${levelId}`);
  return published;
}

/** An SQS delivery of one bus event, as the render-letter queue hands it to its function. */
const sqsDelivery = (envelope: unknown) => ({
  Records: [
    {
      messageId: 'redelivered-1',
      receiptHandle: 'redelivered-1',
      body: JSON.stringify(envelope),
      attributes: {},
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:LetterLevelRecorded',
      awsRegion: localRegion,
    },
  ],
});

describe.concurrent('posted letters', () => {
  it(
    'a final notice produces exactly one PDF in the bucket, the timeline links it, and a redelivery renders nothing twice',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('letter-final');
      await h.issue(invoice);
      await h.openTask(invoice.invoiceId, 'call');
      await h.waitForCase(
        invoice.invoiceId,
        (found) => found.reminders.some((reminder) => reminder.levelId === 'final'),
        'the final notice',
      );

      // Act
      const rendered = await eventually(
        async () =>
          (await h.cases.timeline(invoice.invoiceId)).find((line) => line.type === 'letter-rendered'),
        'the letter-rendered line',
        30_000,
      );
      const before = await documents.list(caseDocumentsPrefix(invoice.invoiceId));
      await h.stack.invoke('render-letter', sqsDelivery(reminderEnvelope(invoice.invoiceId, 'final')));
      const after = await documents.list(caseDocumentsPrefix(invoice.invoiceId));
      const pdf = await documents.get(letterKey(invoice.invoiceId, 'final'));
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(before.map((document) => document.key)).toEqual([letterKey(invoice.invoiceId, 'final')]);
      expect(after).toEqual(before);
      expect(new TextDecoder().decode(pdf?.bytes.slice(0, 5))).toBe('%PDF-');
      expect(pdf?.contentType).toBe('application/pdf');
      expect(rendered.data).toMatchObject({
        levelId: 'final',
        key: letterKey(invoice.invoiceId, 'final'),
        status: 'rendered',
        pages: Number(pdf?.metadata.pages),
      });
      const lines = (await h.cases.timeline(invoice.invoiceId)).filter(
        (line) => line.type === 'letter-rendered',
      );
      expect(lines).toHaveLength(1);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a letter level for a customer without a postal address posts nothing: an error line, a data-correction task, and dunning goes on',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('letter-no-address', { customer: { postalAddress: undefined } });
      await h.issue(invoice);
      await h.openTask(invoice.invoiceId, 'call');

      // Act
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      const dunningCase = await h.case(invoice.invoiceId);
      const tasks = await h.tasks.tasksOfCase(invoice.invoiceId);
      const timeline = await h.cases.timeline(invoice.invoiceId);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(approval.levelId).toBe('handover');
      expect(dunningCase.reminders.map((reminder) => reminder.levelId)).toEqual(['reminder-1', 'reminder-2']);
      expect(timeline.filter((line) => line.type === 'letter-not-rendered')).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({
            levelId: 'final',
            reason: 'no-postal-address',
            queue: 'receivables',
          }),
        }),
      ]);
      expect(tasks.filter((task) => task.kind === 'data-correction')).toEqual([
        expect.objectContaining({ status: 'open', levelId: 'final', queue: 'receivables', taskToken: null }),
      ]);
      expect(
        h.events(invoice.invoiceId, 'Dunning Reminder Sent').map((event) => event.detail.levelId),
      ).toEqual(['reminder-1', 'reminder-2']);
      expect(await documents.list(caseDocumentsPrefix(invoice.invoiceId))).toEqual([]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );

  it(
    'a final notice whose address the typeface cannot print is withdrawn with its fee: an error line naming the field, a data-correction task, and the dunning goes on to the handover',
    async ({ expect }) => {
      // Arrange: a street in a script the letter's typeface has no glyphs for
      const postalAddress = {
        nameLines: ['Kleinwerk Schmidt GmbH'],
        street: '山田通り 12',
        postalCode: '44135',
        city: 'Dortmund',
        countryCode: 'DE',
      };
      const invoice = h.invoice('letter-unprintable', { customer: { postalAddress } });
      await h.issue(invoice);
      await h.openTask(invoice.invoiceId, 'call');

      // Act
      const line = await eventually(
        async () =>
          (await h.cases.timeline(invoice.invoiceId)).find((entry) => entry.type === 'letter-not-rendered'),
        'the letter-not-rendered line',
        40_000,
      );
      const tasks = await h.tasks.tasksOfCase(invoice.invoiceId);
      const stored = await documents.list(caseDocumentsPrefix(invoice.invoiceId));
      const withdrawn = await h.waitForCase(
        invoice.invoiceId,
        (found) => !found.reminders.some((reminder) => reminder.levelId === 'final'),
        'the final notice withdrawn',
      );
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      const timeline = await h.cases.timeline(invoice.invoiceId);
      await h.payInFull(invoice.invoiceId);

      // Assert
      expect(line.data).toMatchObject({
        levelId: 'final',
        reason: 'unprintable-characters',
        field: 'postalAddress.street',
        characters: '山 田 通 り',
        queue: 'receivables',
      });
      expect(line.summary).toContain('postalAddress.street contains characters the letter cannot print');
      expect(tasks.filter((task) => task.kind === 'data-correction')).toEqual([
        expect.objectContaining({ status: 'open', levelId: 'final', queue: 'receivables' }),
      ]);
      expect(stored).toEqual([]);
      // No letter went out, so no fee for it; the level counts as done and the handover waits for nothing.
      expect(withdrawn.charges.filter((charge) => charge.levelId === 'final')).toEqual([]);
      expect(timeline.filter((entry) => entry.type === 'letter-withdrawn')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ levelId: 'final' }) }),
      ]);
      expect(approval.levelId).toBe('handover');
      expect(h.events(invoice.invoiceId, 'Dunning Letter Withdrawn').map((event) => event.detail)).toEqual([
        expect.objectContaining({ levelId: 'final', feeCents: 0, currency: 'EUR' }),
      ]);
      expect(await h.untranslatedLines(invoice.invoiceId)).toEqual([]);
    },
    SCENARIO_MS,
  );
});
