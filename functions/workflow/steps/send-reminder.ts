import type * as z from 'zod';
import { isWorkedByPhone, reminderChannelFor } from '../../domain/assignment.js';
import { applyEvent, type CaseEvent, type DunningCase, openCents } from '../../domain/case.js';
import { renderLetter } from '../../domain/letters/index.js';
import { letterInputFor } from '../../domain/statement.js';
import type { NextStep, sendReminderInputSchema } from '../contracts.js';
import { outboundEvent } from '../outbound.js';
import type { WorkflowDeps } from '../ports.js';
import { stepScope } from './scope.js';

/**
 * send-reminder: mails the letter at most once per execution and level, then records the level. The mail
 * goes out first, so the case never claims a reminder nobody received; the letter shows the case as it is
 * with this reminder (its fee, the lump sum it triggers).
 */
export async function sendReminder(
  deps: WorkflowDeps,
  { invoiceId, next, executionId }: z.infer<typeof sendReminderInputSchema>,
): Promise<NextStep> {
  const { service, context, today, now, nextStep, replanned } = stepScope(deps);
  const levelIndex = next.levelIndex ?? -1;
  const level = context.policy.levels[levelIndex];
  if (!level || (level.kind !== 'reminder' && level.kind !== 'final')) {
    throw new Error(`level ${levelIndex} is not a reminder level`);
  }
  const isDue = (candidate: DunningCase) =>
    candidate.status === 'open' && candidate.nextLevelIndex === levelIndex;
  const current = await service.load(invoiceId);
  const instead = replanned(current, next);
  if (instead) return instead;
  const recorded = current.reminders.find((reminder) => reminder.levelId === level.id);
  if (!recorded && !isDue(current)) {
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
  // A bounced address under a letter fallback: the level goes by post instead.
  const channel = recorded?.channel ?? reminderChannelFor(level, current, context.policy);
  const reminderSent = (messageId?: string): CaseEvent => ({
    type: 'reminder-sent',
    levelIndex,
    on: today,
    channel,
    ...(messageId ? { messageId } : {}),
  });
  const asSent = recorded ? current : applyEvent(current, reminderSent(), context).case;
  let messageId: string | undefined;
  if (channel === 'email' && !isWorkedByPhone(level, asSent, context.policy)) {
    const letter = renderLetter(letterInputFor(asSent, recorded?.sentOn ?? today, context));
    messageId = await deps.deliver(`${executionId}#level-${levelIndex}`, {
      to: asSent.invoice.customer.email,
      ...letter,
      tags: { invoiceId, levelId: level.id },
    });
  }
  const sent = recorded
    ? current
    : await service.change(invoiceId, (latest) =>
        isDue(latest)
          ? {
              event: reminderSent(messageId),
              publish: (changed) => [
                outboundEvent('Dunning Reminder Sent', changed, now, {
                  levelId: level.id,
                  kind: level.kind,
                  channel,
                  openCents: openCents(changed),
                  feeCents: changed.reminders.at(-1)?.feeCents ?? 0,
                  currency: changed.invoice.amount.currency,
                }),
              ],
            }
          : undefined,
      );
  if (messageId && !sent.reminders.some((reminder) => reminder.levelId === level.id)) {
    // A payment or cancellation landed between the mail and its record: the customer did get the letter,
    // but the level (and its fee) is not charged on a case that is no longer due.
    await service.annotate(invoiceId, [
      {
        on: today,
        type: 'reminder-crossed',
        summary: `${level.id} emailed as the case became ${sent.status}; no fee charged`,
        data: { levelId: level.id, status: sent.status, messageId },
      },
    ]);
  }
  return nextStep(sent);
}
