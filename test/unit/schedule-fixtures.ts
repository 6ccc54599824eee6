import fc from 'fast-check';
import policyJson from '../../config/policy.json' with { type: 'json' };
import { businessCalendar, type IsoDate } from '../../functions/domain/calendar.js';
import type { SentReminder } from '../../functions/domain/default-date.js';
import { type Policy, type PolicyLevel, parsePolicy } from '../../functions/domain/policy.js';
import type { ScheduledLevel } from '../../functions/domain/schedule.js';

/** The shipped policy, a customer and helpers shared by the schedule's tests. */
export const policy = parsePolicy(policyJson);
/**
 * FNV-1a of "foobar" is the published test vector 0xbf9cf968 = 3,214,735,720; modulo the 36,000 seconds of the
 * default window 08:00-18:00 that is 7,720 s = 2 h 08 min 40 s, so this customer's levels wake at 10:08:40.
 */
export const customer = { id: 'foobar', state: 'NW' } as const;
export const nw = businessCalendar('NW');

export const datesOf = (plan: { levelId: string; date: IsoDate }[]) =>
  plan.map(({ levelId, date }) => [levelId, date]);

/** The default policy's levels with other offsets, so the level kinds and their order stay valid. */
export const withOffsets = (offsets: readonly number[]): Policy => ({
  ...policy,
  levels: policy.levels.map((level, index) => ({ ...level, offsetBusinessDays: offsets[index] ?? 0 })),
});

/** The written reminders (reminders and final notices) of a plan, with the channel their level sends by. */
export const writtenRemindersOf = (
  plan: readonly ScheduledLevel[],
  levels: readonly PolicyLevel[],
): SentReminder[] =>
  plan.flatMap(({ index, date }) => {
    const level = levels[index];
    // A planned letter counts as posted on its day (the print batch of that day); only posted letters reach anyone.
    if (level?.kind !== 'reminder' && level?.kind !== 'final') return [];
    return [
      { sentOn: date, channel: level.channel, ...(level.channel === 'letter' ? { postedOn: date } : {}) },
    ];
  });

export const dateBetween = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T12:00:00Z`), max: new Date(`${to}T12:00:00Z`), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10));
