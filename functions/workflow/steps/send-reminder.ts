import { isWorkedByPhone, reminderChannelFor } from '../../domain/assignment.js';
import { applyEvent } from '../../domain/case.js';
import { renderLetter } from '../../domain/letters/index.js';
import { letterInputFor } from '../../domain/statement.js';
import type * as z from '../../domain/zod.js';
import type { NextStep, sendReminderInputSchema } from '../contracts/next-step.js';
import { reportAddressProblem } from '../letters/posted-letter.js';
import type { WorkflowDeps } from '../ports.js';
import { sendCombinedReminder } from './combined-reminder.js';
import {
  isDueAt,
  noteCrossedReminder,
  recordReminder,
  reminderLevelAt,
  reminderSentEvent,
} from './reminder-record.js';
import { stepScope } from './scope.js';

/**
 * send-reminder: mails the letter at most once per execution and level, then records the level. The mail
 * goes out first, so the case never claims a reminder nobody received; the letter shows the case as it is
 * with this reminder (its fee, the lump sum it triggers). An email level with `combineReminders` on goes out
 * as the customer's one mail of the day instead (combined-reminder.ts).
 */
export async function sendReminder(
  deps: WorkflowDeps,
  { invoiceId, next, executionId }: z.infer<typeof sendReminderInputSchema>,
): Promise<NextStep> {
  const scope = stepScope(deps);
  const { service, context, today, now, nextStep, replanned } = scope;
  const levelIndex = next.levelIndex ?? -1;
  const level = reminderLevelAt(context.policy.levels, levelIndex);
  const current = await service.load(invoiceId);
  const instead = replanned(current, next);
  if (instead) return instead;
  const recorded = current.reminders.find((reminder) => reminder.levelId === level.id);
  if (!recorded && !isDueAt(current, levelIndex)) {
    // The step waited (e.g. for an SES retry) and the case was paid, cancelled, held or disputed meanwhile:
    // nobody is reminded of an invoice that was settled while the step waited.
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'reminder-withheld',
        summary: `${level.id} not sent: the case is ${current.status}`,
        data: { levelId: level.id, status: current.status },
      },
    ]);
    return nextStep(current);
  }
  // A bounced address under a letter fallback: the level goes by post instead (policy.bounce).
  const channel = recorded?.channel ?? reminderChannelFor(level, current, context.policy);
  if (!recorded && channel === 'letter' && !current.invoice.customer.postalAddress) {
    // Nothing can be posted: the level is not recorded as sent (no fee, no event for a print service) but
    // completed, so the execution moves on as without this letter; a person adds the address meanwhile.
    const completed = await service.change(invoiceId, (latest) =>
      isDueAt(latest, levelIndex) ? { event: { type: 'level-completed', levelIndex, on: today } } : undefined,
    );
    await reportAddressProblem(deps, current, levelIndex, { today, now });
    return nextStep(completed);
  }
  const emailed = channel === 'email' && !isWorkedByPhone(level, current, context.policy);
  if (emailed && context.policy.combineReminders.enabled) {
    // Recorded already: by this step before a retry, or by the customer's combined mail of the day.
    return recorded ? nextStep(current) : sendCombinedReminder(scope, current, levelIndex);
  }
  const asSent = recorded
    ? current
    : applyEvent(current, reminderSentEvent(levelIndex, channel, today), context).case;
  let messageId: string | undefined;
  if (emailed) {
    const letter = renderLetter(letterInputFor(asSent, recorded?.sentOn ?? today, context));
    messageId = await deps.deliver(`${executionId}#level-${levelIndex}`, {
      to: asSent.invoice.customer.email,
      ...letter,
      tags: { invoiceId, levelId: level.id },
    });
  }
  const sent = recorded
    ? current
    : await recordReminder(service, invoiceId, levelIndex, { on: today, now, channel, messageId });
  if (messageId) await noteCrossedReminder(service, sent, levelIndex, today, messageId);
  return nextStep(sent);
}
