import type { IsoDate } from '../../domain/calendar.js';
import { type CaseEvent, type DunningCase, openCents } from '../../domain/case.js';
import type { PolicyLevel } from '../../domain/policy.js';
import type { CaseService } from '../case-service.js';
import { outboundEvent } from '../outbound.js';

type ReminderLevel = Extract<PolicyLevel, { kind: 'reminder' | 'final' }>;

/** Whether the case still waits for the reminder of this level (not paid, held or reminded meanwhile). */
export const isDueAt = (dunningCase: DunningCase, levelIndex: number) =>
  dunningCase.status === 'open' && dunningCase.nextLevelIndex === levelIndex;

/** The channel a level actually goes by: its own, or a letter where the policy's bounce fallback says so. */
export type ReminderChannel = ReminderLevel['channel'];

export function reminderSentEvent(
  levelIndex: number,
  channel: ReminderChannel,
  on: IsoDate,
  messageId?: string,
): CaseEvent {
  return { type: 'reminder-sent', levelIndex, on, channel, ...(messageId ? { messageId } : {}) };
}

/** The level of `levelIndex` if it is a written reminder; a step planned for any other level is a bug. */
export function reminderLevelAt(levels: readonly PolicyLevel[], levelIndex: number): ReminderLevel {
  const level = levels[levelIndex];
  if (!level || (level.kind !== 'reminder' && level.kind !== 'final')) {
    throw new Error(`level ${levelIndex} is not a reminder level`);
  }
  return level;
}

/**
 * Records the reminder on the case if it is still due for it, with a conditional change, and publishes
 * `Dunning Reminder Sent`. Whoever records first wins; recording again finds the level done and changes nothing.
 */
export function recordReminder(
  service: CaseService,
  invoiceId: string,
  levelIndex: number,
  { on, now, channel, messageId }: { on: IsoDate; now: string; channel: ReminderChannel; messageId?: string },
): Promise<DunningCase> {
  const level = reminderLevelAt(service.context.policy.levels, levelIndex);
  return service.change(invoiceId, (latest) =>
    isDueAt(latest, levelIndex)
      ? {
          event: reminderSentEvent(levelIndex, channel, on, messageId),
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
}

/**
 * A payment or cancellation landed between the mail and its record: the customer did get the letter, but the
 * level (and its fee) is not charged on a case that is no longer due. Leaves the letter on the timeline.
 */
export async function noteCrossedReminder(
  service: CaseService,
  recorded: DunningCase,
  levelIndex: number,
  on: IsoDate,
  messageId: string,
): Promise<void> {
  const level = reminderLevelAt(service.context.policy.levels, levelIndex);
  if (recorded.reminders.some((reminder) => reminder.levelId === level.id)) return;
  await service.annotate(recorded.invoiceId, [
    {
      on,
      type: 'reminder-crossed',
      summary: `${level.id} emailed as the case became ${recorded.status}; no fee charged`,
      data: { levelId: level.id, status: recorded.status, messageId },
    },
  ]);
}
