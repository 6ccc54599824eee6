import { type CaseEvent, InvalidTransitionError, openCents } from './case-model.js';
import type { Handler } from './case-rules.js';

/**
 * What a supervisor's actions on a case (write-off, tone) and the accounting system's credit notes do to it.
 * Kept apart from case-rules.ts, which holds the dunning's own course.
 */
type ActionEvent = Extract<CaseEvent['type'], 'written-off' | 'tone-overridden' | 'invoice-credited'>;

export const actionRules: { [T in ActionEvent]: Handler<T> } = {
  /**
   * `all` writes off the whole claim of a case nothing was paid on; `rest` what is left after partial payments
   * or installment rates. The other way round is refused: accounting books the two differently (the invoice
   * derecognised, or only its remainder), so the scope must say what happened.
   */
  'written-off': (builder, event) => {
    const { status, paidCents } = builder.current;
    if (event.scope === 'all' && paidCents > 0) {
      throw new InvalidTransitionError(
        status,
        event.type,
        `${paidCents} cents were paid on the case: write off the rest, not all`,
      );
    }
    if (event.scope === 'rest' && paidCents === 0) {
      throw new InvalidTransitionError(status, event.type, 'nothing was paid on the case: write off all');
    }
    builder.bookInterest(event.on);
    const { principalCents, interestCents, costsCents } = builder.current.balance;
    builder.note(
      event.on,
      'written-off',
      `${event.scope === 'all' ? 'claim' : 'rest'} written off: ${event.reason}`,
      {
        reason: event.reason,
        scope: event.scope,
        principalCents,
        interestCents,
        costsCents,
      },
    );
    builder.close('written-off', event.on, openCents(builder.current));
  },
  'tone-overridden': (builder, event) => {
    if (event.tone === builder.current.toneOverride) {
      throw new InvalidTransitionError(
        builder.current.status,
        event.type,
        event.tone ? `the tone is ${event.tone} already` : 'the case has no tone of its own',
      );
    }
    builder.update({ toneOverride: event.tone });
    const summary = event.tone
      ? `tone set to ${event.tone} for this case`
      : "tone of this case cleared: the segment's tone applies";
    builder.note(event.on, 'tone-overridden', event.reason ? `${summary}: ${event.reason}` : summary, {
      tone: event.tone,
      reason: event.reason ?? null,
    });
  },
  'invoice-credited': (builder, event) => {
    // Interest through the credit's day runs on the principal as it was; from the next day on the reduced one.
    builder.bookInterest(event.on);
    const { balance, credits } = builder.current;
    const reducedCents = Math.min(event.cents, balance.principalCents);
    builder.update({
      balance: { ...balance, principalCents: balance.principalCents - reducedCents },
      credits: [
        ...credits,
        { creditNoteId: event.creditNoteId, creditedOn: event.on, cents: event.cents, reducedCents },
      ],
    });
    builder.note(
      event.on,
      'invoice-credited',
      `credit note ${event.creditNoteId} of ${event.cents} cents reduced the principal by ${reducedCents} cents`,
      {
        creditNoteId: event.creditNoteId,
        cents: event.cents,
        reducedCents,
        principalCents: builder.current.balance.principalCents,
      },
    );
    // A credit note that covers the principal takes the claim back, like a cancellation: nothing is left to dun.
    if (builder.current.balance.principalCents === 0) {
      builder.close('cancelled', event.on, openCents(builder.current));
    }
  },
};
