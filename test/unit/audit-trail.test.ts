import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../config/index.js';
import { actorOfFacts } from '../../functions/domain/actor.js';
import { applyEvent, dunningCaseSchema } from '../../functions/domain/case.js';
import { taskSchema } from '../../functions/domain/task.js';
import { timelineText } from '../../functions/domain/timeline-text.js';
import { context, reminder, run } from './case-fixtures.js';

const erika = { sub: 'sub-erika', name: 'Erika Muster' };

describe('the audit trail of what people do', () => {
  it('names the supervisor on the line of a hold and keeps them with the hold', () => {
    // Arrange
    const open = run([]).case;

    // Act
    const held = applyEvent(
      open,
      { type: 'hold-set', on: '2026-02-10', reason: 'Insolvenzprüfung', owner: 'supervisor', by: erika },
      context,
    );

    // Assert
    const [line] = held.timeline;
    expect(line?.type).toBe('hold-set');
    expect(actorOfFacts(line?.data)).toEqual(erika);
    expect(held.case.hold?.holders).toEqual([
      { owner: 'supervisor', since: '2026-02-10', reason: 'Insolvenzprüfung', by: erika },
    ]);
  });

  it('names the person only on the line of what they decided, not on the interest the decision books', () => {
    // Arrange
    const disputed = run([
      reminder(0, '2026-02-05'),
      reminder(1, '2026-02-12'),
      { type: 'dispute-raised', reason: 'Ware defekt', on: '2026-02-20' },
    ]).case;

    // Act
    const resolved = applyEvent(
      disputed,
      { type: 'dispute-resolved', resolution: 'rejected', on: '2026-03-20', by: erika },
      context,
    );

    // Assert
    const named = resolved.timeline.map((line) => [line.type, actorOfFacts(line.data)?.name ?? null]);
    expect(named).toEqual([
      ['dispute-resolved', 'Erika Muster'],
      ['interest-booked', null],
    ]);
  });

  it('reads who did it at the end of the line, in German and English, and never twice', () => {
    // Arrange
    const facts = { actorSub: erika.sub, actorName: erika.name };
    const promise = {
      on: '2026-03-16',
      type: 'promise-recorded',
      summary: 'promise to pay 50000 cents by 2026-03-23',
      data: { cents: 50_000, promisedOn: '2026-03-23', ...facts },
    };
    const late = {
      on: '2026-03-16',
      type: 'late-outcome',
      summary: 'outcome promise recorded by Erika Muster after the task had timed out',
      data: { outcome: 'promise', by: erika.name, ...facts },
    };
    const system = {
      on: '2026-03-16',
      type: 'case-closed',
      summary: 'case closed: paid',
      data: { outcome: 'paid' },
    };

    // Act
    const texts = [promise, late, system].flatMap((line) => [
      timelineText(line, 'de', defaultPolicy).replaceAll('\u00a0', ' '),
      timelineText(line, 'en', defaultPolicy),
    ]);

    // Assert
    expect(texts).toEqual([
      'Zahlungszusage über 500,00 € bis 23.03.2026 (von Erika Muster)',
      'promise to pay 50000 cents by 2026-03-23 (by Erika Muster)',
      'Ergebnis „Zahlungszusage“ von Erika Muster erst nach Ablauf der Aufgabe erfasst',
      'outcome promise recorded by Erika Muster after the task had timed out',
      'Fall geschlossen: bezahlt',
      'case closed: paid',
    ]);
  });

  it('reads a case and a task stored before people were kept with what they did', () => {
    // Arrange
    const held = run([
      { type: 'hold-set', on: '2026-02-10', reason: 'insolvency check (Sabine)', owner: 'supervisor' },
    ]).case;
    const olderTask = {
      taskId: 'call-00000000000000000001',
      kind: 'call',
      status: 'done',
      queue: 'receivables',
      priority: 100,
      dueAt: '2026-03-19T08:00:00Z',
      invoiceId: 'inv-1',
      invoiceNumber: 'RE-1',
      invoiceDueDate: '2026-02-02',
      customerId: 'cust-1',
      customerName: 'Kunde GmbH',
      openCents: 119_000,
      currency: 'EUR',
      levelId: 'call',
      attempt: 1,
      salesRepInvolved: false,
      executionId: 'exec-1',
      taskToken: 'token-1',
      claimedBy: null,
      claimExpiresAt: null,
      outcome: { type: 'not-reached' },
      createdAt: '2026-03-16T09:00:00Z',
      updatedAt: '2026-03-16T10:00:00Z',
    };

    // Act
    const task = taskSchema.parse(olderTask);
    const stored = dunningCaseSchema.parse(held);

    // Assert
    expect(task).toMatchObject({ recordedBy: null, lastClaimedBy: null, lateOutcome: null });
    expect(stored.hold?.holders[0]?.by).toBeUndefined();
  });
});
