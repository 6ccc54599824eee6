import { describe, expect, it } from 'vitest';
import type { Instant } from '../../functions/domain/calendar.js';
import { type DunningCase, openCase } from '../../functions/domain/case.js';
import { scaledClock } from '../../functions/workflow/clock.js';
import { nextStepFor } from '../../functions/workflow/next-step.js';
import { context, invoice } from './case-fixtures.js';

/** Business time stands still at `now`; engine time equals business time, as on AWS. */
const clockAt = (now: Instant) =>
  scaledClock({ scale: 1, businessEpoch: now, engineEpoch: now, engineNow: () => Date.parse(now) });

/**
 * Due Monday 2026-02-02, so reminder-1 is due Thursday 2026-02-05. The customer id "foobar" hashes (FNV-1a) to
 * 3,214,735,720; modulo the 36,000 s of the default window 08:00-18:00 that is 2:08:40, so 10:08:40 Berlin time.
 */
function caseOf(patch: Partial<DunningCase> = {}): DunningCase {
  const customer = { ...invoice().customer, id: 'foobar' };
  return { ...openCase(invoice({ customer, dueDate: '2026-02-02' }), context).case, ...patch };
}

describe('nextStepFor', () => {
  it("plans the next level for the customer's paced second on its day, to run after a Wait that checks nothing", () => {
    // Arrange
    const clock = clockAt('2026-02-02T12:00:00+01:00');

    // Act
    const next = nextStepFor(caseOf(), {}, clock, context);

    // Assert
    expect(next).toMatchObject({
      route: 'reminder',
      later: true,
      at: '2026-02-05T10:08:40+01:00',
      waitUntil: '2026-02-05T09:08:40.000Z',
      levelIndex: 0,
    });
  });

  it.each([
    ['at its paced second', '2026-02-05T10:08:40+01:00'],
    ['after the sending window closed, as a late retry does', '2026-02-05T19:30:00+01:00'],
    ['before its paced second, as a restarted execution may', '2026-02-05T07:00:00+01:00'],
  ])('sends the reminder on its day when the step runs %s', (_when, now) => {
    // Act
    const next = nextStepFor(caseOf(), {}, clockAt(now), context);

    // Assert
    expect(next).toMatchObject({ route: 'reminder', levelIndex: 0, later: false });
    expect(Date.parse(next.at)).toBe(Date.parse(now));
  });

  it("lets a held case look again at the customer's paced second of the next business day", () => {
    // Arrange: Friday, so the next business day is Monday.
    const held = caseOf({ status: 'on-hold' });

    // Act
    const next = nextStepFor(held, { levelIndex: 1 }, clockAt('2026-02-06T11:00:00+01:00'), context);

    // Assert
    expect(next).toMatchObject({ route: 'wait', at: '2026-02-09T10:08:40+01:00', levelIndex: 1 });
  });

  it("checks a promise at the customer's paced second, two business days after the promised date", () => {
    // Arrange
    const promised = caseOf({
      status: 'promise',
      nextLevelIndex: 1,
      promises: [
        {
          promisedOn: '2026-02-13',
          cents: 100_000,
          recordedOn: '2026-02-09',
          paidCentsAtRecording: 0,
          status: 'pending',
        },
      ],
    });

    // Act
    const next = nextStepFor(promised, {}, clockAt('2026-02-09T11:00:00+01:00'), context);

    // Assert
    expect(next).toMatchObject({ route: 'wait', at: '2026-02-17T10:08:40+01:00', levelIndex: 1 });
  });

  it("keeps a call task's timeout at the policy's action time on the last day of its SLA", () => {
    // Arrange: the call comes five business days after reminder-2 on Thursday 2026-02-05, on Thursday
    // 2026-02-12; three business days later is Tuesday 2026-02-17 at 09:00, 5 days less 1:08:40 from now.
    const atTheCall = caseOf({ nextLevelIndex: 2, lastActionOn: '2026-02-05' });

    // Act
    const next = nextStepFor(atTheCall, {}, clockAt('2026-02-12T10:08:40+01:00'), context);

    // Assert
    expect(next).toMatchObject({ route: 'call', levelIndex: 2, timeoutSeconds: 5 * 86_400 - 4_120 });
  });

  it('holds a due handover while the final notice waits for the print service, looking again the next business day', () => {
    // Arrange: every level ran; the final notice of Mon 2 Mar was written but is not posted yet
    const reminders: DunningCase['reminders'] = [
      {
        levelId: 'reminder-1',
        kind: 'reminder',
        channel: 'email',
        sentOn: '2026-02-05',
        creditBureauNotice: true,
        feeCents: 0,
      },
      {
        levelId: 'final',
        kind: 'final',
        channel: 'letter',
        sentOn: '2026-03-02',
        creditBureauNotice: true,
        feeCents: 0,
      },
    ];
    const waiting = caseOf({ nextLevelIndex: 4, lastActionOn: '2026-03-02', reminders });
    const clock = clockAt('2026-04-10T11:00:00+02:00');

    // Act
    const held = nextStepFor(waiting, { levelIndex: 4 }, clock, context);
    const posted = nextStepFor(
      { ...waiting, reminders: reminders.map((reminder) => ({ ...reminder, postedOn: reminder.sentOn })) },
      { levelIndex: 4 },
      clock,
      context,
    );

    // Assert: Friday 10 Apr; the next business day is Monday 13 Apr
    expect(held).toMatchObject({ route: 'wait', at: '2026-04-13T10:08:40+02:00', levelIndex: 4 });
    expect(posted).toMatchObject({ route: 'approval', levelIndex: 4, later: false });
  });
});
