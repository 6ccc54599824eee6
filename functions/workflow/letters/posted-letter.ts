import { queueFor, slaBusinessDaysFor } from '../../domain/assignment.js';
import { berlinInstant, daysBetween, type Instant, type IsoDate } from '../../domain/calendar.js';
import { type DunningCase, isTerminal, openCents } from '../../domain/case.js';
import { letterKey } from '../../domain/document-keys.js';
import type { LetterInput } from '../../domain/letters/index.js';
import {
  type AddressProblem,
  LetterPdfError,
  letterProblemEn,
} from '../../domain/letters/letter-pdf-error.js';
import type { RenderedLetter } from '../../domain/print-batch.js';
import { callPriority } from '../../domain/priority.js';
import { letterInputFor } from '../../domain/statement.js';
import { openTask } from '../../domain/task.js';
import type { CaseService } from '../case-service.js';
import { outboundEvent } from '../outbound.js';
import type { TaskStore } from '../ports.js';
import { taskIdFor } from '../tasks.js';

/** What rendering a posted letter needs besides the case: the bucket and the PDF renderer. */
export interface LetterPorts {
  service: CaseService;
  tasks: TaskStore;
  documents: {
    exists(key: string): Promise<boolean>;
    /** Stores the PDF unless the key holds one already ('exists': a concurrent render was first). */
    store(key: string, bytes: Uint8Array, metadata: Record<string, string>): Promise<'stored' | 'exists'>;
    /** The page count stored with a letter. */
    pagesOf(key: string): Promise<number | undefined>;
  };
  /** The timeline lines of a case of one type (to find a letter's line before writing it again). */
  timelineData(invoiceId: string, type: string): Promise<Record<string, unknown>[]>;
  renderPdf(input: LetterInput): Promise<{ bytes: Uint8Array; pages: number }>;
  /** The print queue: a registered letter goes out with the next print batch (registering twice adds nothing). */
  print: { letterRendered(letter: RenderedLetter): Promise<unknown> };
}

export type LetterResult = 'rendered' | 'already-rendered' | 'no-postal-address' | 'unprintable-address';

export const LETTER_RENDERED = 'letter-rendered';
export const LETTER_NOT_RENDERED = 'letter-not-rendered';
const LETTER_WITHDRAWN = 'letter-withdrawn';

/**
 * Takes a letter that cannot go out off the case (and its fee back): the level counts as done without it, as for
 * a customer without a postal address, and the dunning goes on; a closed case or a posted letter stays as it is.
 */
async function withdrawLetter(
  service: CaseService,
  invoiceId: string,
  levelId: string,
  at: { today: IsoDate; now: Instant },
) {
  await service.change(invoiceId, (current) =>
    !isTerminal(current.status) &&
    current.reminders.some((sent) => sent.levelId === levelId && sent.channel === 'letter' && !sent.postedOn)
      ? {
          event: { type: LETTER_WITHDRAWN, levelId, on: at.today },
          publish: (withdrawn) => [
            outboundEvent('Dunning Letter Withdrawn', withdrawn, at.now, {
              levelId,
              feeCents: feeTakenBack(current, withdrawn),
              currency: withdrawn.invoice.amount.currency,
            }),
          ],
        }
      : undefined,
  );
}

/** How much of the case's open costs the withdrawal took back. */
const feeTakenBack = (before: DunningCase, after: DunningCase) =>
  before.balance.costsCents - after.balance.costsCents;

/** The customer-data problem behind a renderer's refusal; undefined for one the master data cannot fix. */
export function addressProblemOf(error: unknown): AddressProblem | undefined {
  if (!(error instanceof LetterPdfError) || !error.isCustomerDataProblem) return undefined;
  if (error.reason === 'missing') return { reason: 'no-postal-address' };
  return error.reason === 'characters'
    ? { reason: 'unprintable-characters', field: error.field, characters: error.characters.join(' ') }
    : { reason: 'address-too-long', field: error.field };
}

/**
 * A letter level whose customer's postal address is missing or cannot be printed (nor the names it holds):
 * nothing can be posted, so an error line goes on the timeline and a data-correction task asks someone to correct
 * the master data. The task id is fixed per case and level, so a retry opens nothing twice and writes the line once.
 */
export async function reportAddressProblem(
  { service, tasks }: Pick<LetterPorts, 'service' | 'tasks'>,
  dunningCase: DunningCase,
  levelIndex: number,
  at: { today: IsoDate; now: Instant },
  problem: AddressProblem = { reason: 'no-postal-address' },
): Promise<void> {
  const { policy, calendar } = service.context;
  const level = policy.levels[levelIndex];
  const levelId = level?.id ?? `level-${levelIndex}`;
  const { invoice } = dunningCase;
  const open = openCents(dunningCase);
  const task = openTask(
    {
      taskId: taskIdFor(`${dunningCase.invoiceId}|postal-address`, 'data-correction', levelIndex, 1),
      kind: 'data-correction',
      queue: queueFor('data-correction', level, policy),
      priority: callPriority({
        openCents: open,
        daysOverdue: Math.max(0, daysBetween(invoice.dueDate, at.today)),
        creditRating: invoice.customer.creditRating,
        segment: invoice.customer.segment,
        brokenPromises: dunningCase.promises.filter((promise) => promise.status === 'broken').length,
      }),
      dueAt: berlinInstant(
        calendar.addBusinessDays(at.today, slaBusinessDaysFor('data-correction', level, policy)),
        policy.actionTime,
      ),
      invoiceId: dunningCase.invoiceId,
      invoiceNumber: invoice.invoiceNumber,
      invoiceDueDate: invoice.dueDate,
      customerId: invoice.customer.id,
      customerName: invoice.customer.name,
      openCents: open,
      currency: invoice.amount.currency,
      levelId,
      attempt: 1,
      salesRepInvolved: false,
      executionId: dunningCase.workflow.executionArn ?? `letter-${levelId}`,
      taskToken: null,
    },
    at.now,
  );
  if ((await tasks.openOrRefresh(task)) !== 'opened') return;
  await service.annotate(dunningCase.invoiceId, [
    {
      on: at.today,
      type: LETTER_NOT_RENDERED,
      summary: `${levelId} letter not posted: ${letterProblemEn(problem)}; data-correction task opened in queue ${task.queue}`,
      data: { levelId, ...problem, taskId: task.taskId, queue: task.queue },
    },
  ]);
}

/**
 * Renders the posted letter of a recorded `letter` level (as the case stood on the day the level was recorded),
 * stores it under `cases/<invoiceId>/letters/<levelId>.pdf`, registers it for the day's print batch and links it
 * on the timeline. Idempotent by key:
 * a stored letter is never rendered again, and its timeline line is written once.
 */
export async function renderPostedLetter(
  ports: LetterPorts,
  { invoiceId, levelId }: { invoiceId: string; levelId: string },
): Promise<LetterResult> {
  const { service } = ports;
  const { policy } = service.context;
  const dunningCase = await service.load(invoiceId);
  const levelIndex = policy.levels.findIndex((level) => level.id === levelId);
  const level = policy.levels[levelIndex];
  const reminder = dunningCase.reminders.find((sent) => sent.levelId === levelId);
  // A redelivery after the letter was withdrawn (its customer data could not be printed) finds it gone.
  if (
    !reminder &&
    (await ports.timelineData(invoiceId, LETTER_WITHDRAWN)).some((data) => data.levelId === levelId)
  )
    return 'unprintable-address';
  if (!level || !reminder || reminder.channel !== 'letter') {
    throw new Error(`${levelId} is no letter level recorded on case ${invoiceId}`);
  }
  const at = { today: service.clock.businessToday(), now: service.clock.businessNow() };
  if (!dunningCase.invoice.customer.postalAddress) {
    await reportAddressProblem(ports, dunningCase, levelIndex, at);
    return 'no-postal-address';
  }
  const key = letterKey(invoiceId, levelId);
  let pages: number | undefined;
  let result: LetterResult = 'already-rendered';
  if (!(await ports.documents.exists(key))) {
    const input = letterInputFor(
      dunningCase,
      reminder.sentOn,
      service.context,
      requestOf(dunningCase, levelId),
    );
    const rendered = await ports.renderPdf(input).catch((error: unknown) => {
      const problem = addressProblemOf(error);
      if (!problem) throw error;
      return problem;
    });
    if (!('bytes' in rendered)) {
      // The task and line first: a retry finds the letter still recorded and gets here again.
      await reportAddressProblem(ports, dunningCase, levelIndex, at, rendered);
      await withdrawLetter(service, invoiceId, levelId, at);
      return 'unprintable-address';
    }
    const stored = await ports.documents.store(key, rendered.bytes, {
      pages: String(rendered.pages),
      'level-id': levelId,
      status: 'rendered',
    });
    pages = rendered.pages;
    if (stored === 'stored') result = 'rendered';
  }
  pages ??= (await ports.documents.pagesOf(key)) ?? 1;
  // Also for a letter stored by an earlier try that stopped before registering it: it must reach the post.
  await ports.print.letterRendered({
    invoiceId,
    levelId,
    documentKey: key,
    pages,
    renderedAt: at.now,
    postalCode: dunningCase.invoice.customer.postalAddress.postalCode,
  });
  const lines = await ports.timelineData(invoiceId, LETTER_RENDERED);
  if (lines.some((data) => data.key === key)) return result;
  await service.annotate(invoiceId, [
    {
      on: at.today,
      type: LETTER_RENDERED,
      summary: `${levelId} letter rendered as PDF (${pages} pages): ${key}`,
      // `status` leaves room for what comes after rendering (a print batch marks it posted).
      data: { levelId, key, documentId: levelId, pages, status: 'rendered', letterDate: reminder.sentOn },
    },
  ]);
  return result;
}

/** The letter as the level wrote it: a final notice, or the n-th reminder counted up to this level. */
function requestOf(dunningCase: DunningCase, levelId: string) {
  const index = dunningCase.reminders.findIndex((sent) => sent.levelId === levelId);
  const reminder = dunningCase.reminders[index];
  if (reminder?.kind === 'final') return { kind: 'final' } as const;
  const reminderNumber = dunningCase.reminders
    .slice(0, index + 1)
    .filter((sent) => sent.kind === 'reminder').length;
  return { kind: 'reminder', reminderNumber } as const;
}
