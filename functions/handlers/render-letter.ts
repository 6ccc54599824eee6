import { renderLetterDocument } from '../documents/letter-pdf.js';
import { dunningReminderSentSchema } from '../domain/events.js';
import { logger } from '../observability.js';
import type { BusEnvelope } from '../workflow/contracts/bus.js';
import { type LetterPorts, renderPostedLetter } from '../workflow/letters/posted-letter.js';
import { documentStore } from './runtime/document-store.js';
import { printQueue } from './runtime/print.js';
import { busEventHandler } from './runtime/sqs.js';
import type { Workflow } from './runtime/workflow.js';

function letterPorts({ service, tasks, cases, config }: Workflow): LetterPorts {
  const documents = documentStore(config);
  return {
    service,
    tasks,
    documents: {
      exists: (key) => documents.exists(key),
      store: (key, bytes, metadata) =>
        documents.put(key, bytes, 'application/pdf', metadata, { ifAbsent: true }),
      pagesOf: async (key) => Number((await documents.get(key))?.metadata.pages ?? 0) || undefined,
    },
    timelineData: async (invoiceId, type) =>
      (await cases.timeline(invoiceId)).filter((line) => line.type === type).map((line) => line.data ?? {}),
    renderPdf: (input) => renderLetterDocument(input),
    print: printQueue(config),
  };
}

/**
 * `Dunning Reminder Sent` with channel `letter` (a rule on the product bus, through its own queue): renders the
 * level's posted letter as PDF into the document bucket and links it on the case timeline. Redeliveries find
 * the stored letter and render nothing.
 */
async function renderLetter(workflow: Workflow, envelope: BusEnvelope): Promise<void> {
  const detail = dunningReminderSentSchema.parse(envelope.detail);
  if (detail.channel !== 'letter') return;
  const result = await renderPostedLetter(letterPorts(workflow), {
    invoiceId: detail.invoiceId,
    levelId: detail.levelId,
  });
  logger.info('posted letter', { invoiceId: detail.invoiceId, levelId: detail.levelId, result });
}

export const handler = busEventHandler(renderLetter);
