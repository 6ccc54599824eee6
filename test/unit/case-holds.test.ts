import { describe, expect, it } from 'vitest';
import { type CaseEvent, InvalidTransitionError, openCase } from '../../functions/domain/case.js';
import { context, invoice, payment, run } from './case-fixtures.js';

const erpBlock: CaseEvent = { type: 'hold-set', on: '2026-02-10', reason: 'ERP block', owner: 'erp' };
const supervisorHold: CaseEvent = {
  type: 'hold-set',
  on: '2026-02-11',
  reason: 'insolvency check',
  owner: 'supervisor',
};
const erpRelease: CaseEvent = { type: 'hold-released', on: '2026-02-16', owner: 'erp' };
const supervisorRelease: CaseEvent = { type: 'hold-released', on: '2026-02-17', owner: 'supervisor' };

describe('holds with owners', () => {
  it.each([
    ['the ERP first', [erpRelease, supervisorRelease]],
    ['the supervisor first', [supervisorRelease, erpRelease]],
  ])('an ERP block and a supervisor hold stand together until both are released (%s)', (_order, releases) => {
    // Arrange
    const [firstRelease, secondRelease] = releases;
    if (!firstRelease || !secondRelease) throw new Error('two releases expected');

    // Act
    const held = run([erpBlock, supervisorHold]).case;
    const halfReleased = run([firstRelease], held).case;
    const released = run([secondRelease], halfReleased).case;

    // Assert
    expect(held.status).toBe('on-hold');
    expect(held.hold?.holders.map((holder) => holder.owner)).toEqual(['erp', 'supervisor']);
    expect(halfReleased.status).toBe('on-hold');
    expect(halfReleased.hold?.holders).toHaveLength(1);
    expect(released.status).toBe('open');
    expect(released.hold).toBeNull();
  });

  it('lets no one lift a hold they did not set: an ERP release leaves a supervisor hold in place', () => {
    // Arrange
    const held = run([supervisorHold]).case;

    // Act
    const release = () => run([erpRelease], held);

    // Assert
    expect(release).toThrow(InvalidTransitionError);
    expect(release).toThrow(/not held by the erp/);
  });

  it('refuses a second hold of the same owner, so a redelivered block changes nothing', () => {
    // Arrange
    const held = run([erpBlock]).case;

    // Act, Assert
    expect(() => run([{ ...erpBlock, on: '2026-02-12' }], held)).toThrow(/already held by the erp/);
  });

  it('keeps a held case held when a dispute is raised, and opens the dispute once the hold ends', () => {
    // Arrange, Act
    const disputedWhileHeld = run([
      supervisorHold,
      { type: 'dispute-raised', reason: 'wrong price', on: '2026-02-12' },
    ]);
    const released = run([supervisorRelease], disputedWhileHeld.case);

    // Assert
    expect(disputedWhileHeld.case.status).toBe('on-hold');
    expect(disputedWhileHeld.case.hold?.resumeAs).toBe('disputed');
    expect(released.case.status).toBe('disputed');
  });
});

describe('interest follows the legal situation, not the hold (§ 286 (4) BGB)', () => {
  // Payable by 2 February 2026 (a calendar date, so default from 3 February); the dispute is raised on 12
  // February, a supervisor holds the case from 20 February to 10 March, the dispute is rejected on 12 March and
  // one cent is paid on 14 March, which books the interest. On 1,000.00 € at 1.27 % + 9 points, act/365,
  // rounded once per period: 3-12 Feb, 10 days: 100000 × 1027 × 10 / 3650000 = 281.37 -> 281; 13 Feb-12 Mar,
  // 28 days: 100000 × 1027 × 28 / 3650000 = 787.84 -> 788; 13-14 Mar, 2 days: 100000 × 1027 × 2 / 3650000 =
  // 56.27 -> 56. The hold inside the dispute changes nothing: the days are the dispute's either way.
  it.each([
    {
      interestDuringRejectedDispute: 'charge' as const,
      lines: [
        ['2026-02-03', '2026-02-12', 281],
        ['2026-02-13', '2026-03-12', 788],
        ['2026-03-13', '2026-03-14', 56],
      ],
    },
    {
      interestDuringRejectedDispute: 'waive' as const,
      lines: [
        ['2026-02-03', '2026-02-12', 281],
        ['2026-03-13', '2026-03-14', 56],
      ],
    },
  ])(
    'treats the days a disputed claim was also held as dispute days ($interestDuringRejectedDispute)',
    ({ interestDuringRejectedDispute, lines }) => {
      // Arrange
      const start = openCase(invoice({ paymentDateIsCalendarDate: true }), context).case;
      const events: CaseEvent[] = [
        { type: 'dispute-raised', reason: 'delivery incomplete', on: '2026-02-12' },
        { ...supervisorHold, on: '2026-02-20' },
        { ...supervisorRelease, on: '2026-03-10' },
        { type: 'dispute-resolved', resolution: 'rejected', on: '2026-03-12' },
        payment(1, '2026-03-14'),
      ];
      const ctx = { ...context, policy: { ...context.policy, interestDuringRejectedDispute } };

      // Act
      const { case: settled } = run(events, start, ctx);

      // Assert
      expect(settled.interestLines.map((line) => [line.from, line.through, line.cents])).toEqual(lines);
    },
  );
});
