import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  type CaseEvent,
  customerBlockOwner,
  InvalidTransitionError,
  openCase,
} from '../../functions/domain/case.js';
import { germanTimelineText } from '../../functions/domain/timeline-text.js';
import { context, invoice, payment, run } from './case-fixtures.js';

const erika = { sub: 'sub-erika', name: 'Erika Muster' };
// A calendar payment date: in default from 2026-02-03, so interest runs without a reminder.
const inDefault = () => openCase(invoice({ paymentDateIsCalendarDate: true }), context).case;
const credit = (cents: number, on: string, creditNoteId = `GS-${on}`): CaseEvent => ({
  type: 'invoice-credited',
  creditNoteId,
  cents,
  on,
});
const writeOff = (scope: 'all' | 'rest', on = '2026-03-02'): CaseEvent => ({
  type: 'written-off',
  scope,
  reason: 'Insolvenz mangels Masse abgelehnt',
  on,
  by: erika,
});

describe('credit notes', () => {
  it('reduce the principal, and interest from the next day on runs on the reduced principal', () => {
    // Arrange
    const events = [credit(40_000, '2026-03-01'), payment(1_000, '2026-04-01')];

    // Act
    const credited = run(events, inDefault()).case;

    // Assert
    const [beforeCredit, afterCredit] = credited.interestLines;
    expect(beforeCredit).toMatchObject({ through: '2026-03-01', principalCents: 100_000 });
    expect(afterCredit).toMatchObject({ from: '2026-03-02', principalCents: 60_000 });
    expect(credited.credits).toEqual([
      { creditNoteId: 'GS-2026-03-01', creditedOn: '2026-03-01', cents: 40_000, reducedCents: 40_000 },
    ]);
    expect(credited.status).toBe('open');
  });

  it('count once per credit note id, however often the bus delivers it', () => {
    // Arrange
    const once = run([credit(40_000, '2026-03-01')], inDefault()).case;

    // Act
    const again = applyEvent(once, credit(40_000, '2026-03-01'), context);

    // Assert
    expect(again.case).toBe(once);
    expect(again.timeline).toEqual([]);
  });

  it('settle the case like a cancellation when they cover the open principal', () => {
    // Arrange
    const partly = run([credit(30_000, '2026-02-20')], inDefault()).case;

    // Act
    const settled = applyEvent(partly, credit(90_000, '2026-03-01', 'GS-2'), context);

    // Assert
    expect(settled.case.status).toBe('cancelled');
    expect(settled.case.balance.principalCents).toBe(0);
    expect(settled.case.closed).toMatchObject({ outcome: 'cancelled', on: '2026-03-01' });
    expect(settled.commands).toContainEqual({ type: 'finish-open-tasks', outcome: 'cancelled' });
    // Amounts and the euro sign are kept together by a no-break space.
    expect(settled.timeline.map((entry) => germanTimelineText(entry))).toContainEqual(
      expect.stringMatching(
        /^Gutschrift GS-2 über 900,00\s€: Hauptforderung um 700,00\s€ auf 0,00\s€ gemindert$/,
      ),
    );
  });
});

describe('write-offs', () => {
  it('close a case nothing was paid on with scope all, naming the amounts and the supervisor', () => {
    // Arrange
    const open = inDefault();

    // Act
    const written = applyEvent(open, writeOff('all'), context);

    // Assert
    expect(written.case.status).toBe('written-off');
    expect(written.case.balance.interestCents).toBeGreaterThan(0);
    expect(written.commands).toContainEqual(
      expect.objectContaining({ type: 'publish-closed', outcome: 'written-off' }),
    );
    const line = written.timeline.find((entry) => entry.type === 'written-off');
    expect(line?.data).toMatchObject({ scope: 'all', principalCents: 100_000, actorName: 'Erika Muster' });
    expect(line && germanTimelineText(line)).toBe(
      'Forderung abgeschrieben: Insolvenz mangels Masse abgelehnt (von Erika Muster)',
    );
  });

  it('write off the rest after a partial payment, and refuse all then', () => {
    // Arrange
    const partlyPaid = run([payment(40_000, '2026-02-20')], inDefault()).case;

    // Act
    const rest = applyEvent(partlyPaid, writeOff('rest'), context);
    const all = () => applyEvent(partlyPaid, writeOff('all'), context);

    // Assert
    expect(rest.case.status).toBe('written-off');
    expect(all).toThrow(/write off the rest, not all/);
  });

  it('refuse the rest of a case nothing was paid on, and any write-off of a closed case', () => {
    // Arrange
    const open = inDefault();
    const paid = run([payment(100_000, '2026-02-03')], open).case;

    // Act
    const rest = () => applyEvent(open, writeOff('rest'), context);
    const closed = () => applyEvent(paid, writeOff('all'), context);

    // Assert
    expect(rest).toThrow(/nothing was paid on the case: write off all/);
    expect(closed).toThrow(InvalidTransitionError);
  });
});

describe('the tone of a case', () => {
  it('is set with a reason and the supervisor on the line, and cleared back to the segment’s tone', () => {
    // Arrange
    const set: CaseEvent = {
      type: 'tone-overridden',
      tone: 'friendly',
      reason: 'Stammkunde',
      on: '2026-02-10',
      by: erika,
    };
    const cleared: CaseEvent = {
      type: 'tone-overridden',
      tone: null,
      reason: 'wieder normal',
      on: '2026-02-11',
      by: erika,
    };

    // Act
    const friendly = applyEvent(inDefault(), set, context);
    const back = applyEvent(friendly.case, cleared, context);

    // Assert
    expect(friendly.case.toneOverride).toBe('friendly');
    expect(back.case.toneOverride).toBeNull();
    expect(friendly.timeline.map((entry) => germanTimelineText(entry))).toEqual([
      'Tonfall für diesen Fall: freundlich: Stammkunde (von Erika Muster)',
    ]);
    expect(back.timeline.map((entry) => germanTimelineText(entry))).toEqual([
      'Eigener Tonfall des Falls aufgehoben: es gilt der Tonfall des Kundensegments: wieder normal (von Erika Muster)',
    ]);
  });

  it('refuses clearing a tone the case does not have', () => {
    // Arrange
    const clear: CaseEvent = { type: 'tone-overridden', tone: null, reason: 'zurück', on: '2026-02-10' };

    // Act
    const apply = () => applyEvent(inDefault(), clear, context);

    // Assert
    expect(apply).toThrow(/has no tone of its own/);
  });
});

describe('a customer’s dunning block', () => {
  it('holds the case as its own owner, next to the invoice’s block, and its release lifts only itself', () => {
    // Arrange
    const owner = customerBlockOwner('B-7');
    const events: CaseEvent[] = [
      { type: 'hold-set', on: '2026-02-10', reason: 'Kunde in Klärung', owner },
      { type: 'hold-set', on: '2026-02-11', reason: 'Reklamation', owner: 'erp' },
    ];

    // Act
    const held = run(events, inDefault()).case;
    const released = applyEvent(held, { type: 'hold-released', on: '2026-02-12', owner }, context);

    // Assert
    expect(held.hold?.holders.map((holder) => holder.owner)).toEqual(['customer-block:B-7', 'erp']);
    expect(released.case.status).toBe('on-hold');
    expect(released.case.hold?.holders.map((holder) => holder.owner)).toEqual(['erp']);
    expect(released.timeline.map((entry) => germanTimelineText(entry))).toEqual([
      'Sperre (Kundensperre B-7 im ERP) aufgehoben; der Fall bleibt angehalten (Mahnsperre im ERP)',
    ]);
  });
});

describe('a dispute raised outside a call', () => {
  it('disputes the case as a call’s outcome does, with the supervisor’s note on the line', () => {
    // Arrange
    const dispute: CaseEvent = {
      type: 'dispute-raised',
      reason: 'Lieferung unvollständig',
      note: 'Kunde rief in der Buchhaltung an',
      on: '2026-02-10',
      by: erika,
    };

    // Act
    const disputed = applyEvent(inDefault(), dispute, context);

    // Assert
    expect(disputed.case.status).toBe('disputed');
    expect(disputed.timeline.map((entry) => germanTimelineText(entry))).toContain(
      'Forderung bestritten: Lieferung unvollständig (Notiz: Kunde rief in der Buchhaltung an) (von Erika Muster)',
    );
  });
});
