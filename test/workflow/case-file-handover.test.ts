import { afterAll, beforeAll, describe, it } from 'vitest';
import { S3Client } from '../../functions/adapters/aws/s3.js';
import { DocumentStore } from '../../functions/adapters/document-store.js';
import { inkassoCaseFileSchema } from '../../functions/domain/case-file.js';
import { caseFileKeys, letterKey } from '../../functions/domain/document-keys.js';
import { caseFileLinksSchema } from '../../functions/domain/events.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { readPdf } from '../unit/pdf-text.js';
import { stopAfterCheckingEveryCaseIsWorked } from './invariants.js';
import { SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

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

const postalAddress = {
  nameLines: ['Kleinwerk Schmidt GmbH', 'Kreditorenbuchhaltung'],
  street: 'Hafenstraße 7',
  postalCode: '20457',
  city: 'Hamburg',
  countryCode: 'DE',
};

const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

describe('the case file of a handover', () => {
  it(
    'handover stores both files and the event links them; fetching the links from the local S3 returns the same JSON/PDF',
    async ({ expect }) => {
      // Arrange: the posted final notice's PDF is in the bucket, as the letter renderer leaves it
      const invoice = h.invoice('case-file-links', { customer: { postalAddress } });
      await h.issue(invoice);
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      const beforeApproval = await h.case(invoice.invoiceId);
      const letters = beforeApproval.reminders.filter((reminder) => reminder.channel === 'letter');
      for (const letter of letters) {
        const key = letterKey(invoice.invoiceId, letter.levelId);
        await documents.put(key, new TextEncoder().encode('%PDF-1.7 letter'), 'application/pdf');
      }

      // Act
      await h.complete(approval, { type: 'approval', decision: 'approve' });
      const executions = await h.settled(invoice.invoiceId);

      // Assert
      expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED']);
      expect((await h.case(invoice.invoiceId)).status).toBe('handed-over');
      const [event] = h.events(invoice.invoiceId, 'Inkasso Handover Requested');
      const links = caseFileLinksSchema.parse(
        (event?.detail as { caseFile?: unknown } | undefined)?.caseFile,
      );
      const kept = await h.cases.caseFile(invoice.invoiceId);
      const fetchedJson: unknown = await (await fetch(links.jsonUrl)).json();
      const fetched = inkassoCaseFileSchema.parse(fetchedJson);
      expect(fetchedJson).toEqual(JSON.parse(JSON.stringify(kept)));
      expect(fetched.debtor.postalAddress).toEqual(postalAddress);
      expect(fetched.contactHistory.reminders.map((reminder) => reminder.sentOn)).toEqual(
        beforeApproval.reminders.map((reminder) => reminder.sentOn),
      );
      expect(letters.length).toBeGreaterThan(0);
      for (const letter of letters) {
        expect(fetched.contactHistory.reminders).toContainEqual(
          expect.objectContaining({
            levelId: letter.levelId,
            channel: 'letter',
            documentKey: letterKey(invoice.invoiceId, letter.levelId),
          }),
        );
      }
      const storedPdf = await documents.get(caseFileKeys(invoice.invoiceId).pdf);
      const pdf = await bytesOf(links.pdfUrl);
      expect(storedPdf?.contentType).toBe('application/pdf');
      expect(Buffer.from(pdf).equals(Buffer.from(storedPdf?.bytes ?? []))).toBe(true);
      const text = (await readPdf(pdf)).flatMap((page) => page.lines).join('\n');
      expect(text).toContain('Schuldner mit Anschrift');
      expect(text).toContain('20457 Hamburg');
      // Signed for an hour at most: the links die with the signing session, the API signs fresh ones.
      const expiresInMs = Date.parse(links.linksExpireAt) - Date.now();
      expect(expiresInMs).toBeGreaterThan(0);
      expect(expiresInMs).toBeLessThanOrEqual(3_600_000);
    },
    SCENARIO_MS,
  );

  it(
    'a handover blocked by a dispute renders nothing until it goes ahead',
    async ({ expect }) => {
      // Arrange
      const invoice = h.invoice('case-file-disputed');
      await h.issue(invoice);
      const approval = await h.openTask(invoice.invoiceId, 'approval', { timeoutMs: 40_000 });
      await h.raiseDispute(invoice.invoiceId, 'Kunde bestreitet die Lieferung');

      // Act
      await h.complete(approval, { type: 'approval', decision: 'approve' });
      await h.openTask(invoice.invoiceId, 'dispute');

      // Assert
      expect(await documents.list(`cases/${invoice.invoiceId}/case-file`)).toEqual([]);
      expect(h.events(invoice.invoiceId, 'Inkasso Handover Requested')).toEqual([]);
      await h.payInFull(invoice.invoiceId);
    },
    SCENARIO_MS,
  );
});
