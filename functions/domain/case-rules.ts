import { allocatePayment } from './allocation.js';
import { addDays, compareDates, type IsoDate } from './calendar.js';
import { actionRules } from './case-actions.js';
import type { TransitionBuilder } from './case-builder.js';
import { activeStatusSchema, type CaseEvent, InvalidTransitionError, openCents } from './case-model.js';
import { reminderFeeCents } from './fees.js';
import { claimArisesOn, limitationWarning } from './limitation.js';
import type { Policy } from './policy.js';
import { emailBounced, letterPosted, letterWithdrawn, startDefaultFromReminders } from './posting-rules.js';
import { rejectDispute, startDefaultWithMissedRate } from './suspension-rules.js';

/** What each event does to a case whose status allows it (case.ts checks that first). */
export type Handler<T extends CaseEvent['type']> = (
  builder: TransitionBuilder,
  event: Extract<CaseEvent, { type: T }>,
) => void;

export const eventRules: { [T in CaseEvent['type']]: Handler<T> } = {
  ...actionRules,
  'payment-received': (builder, event) => {
    builder.chargeLumpSumIfInDefault(event.on);
    builder.bookInterest(event.on);
    const { balance, applied, surplusCents } = allocatePayment(
      builder.current.balance,
      event.cents,
      event.allocation,
    );
    builder.update({ balance });
    builder.recordPayment(event);
    builder.note(event.on, 'payment-received', `payment ${event.paymentId} of ${event.cents} cents`, {
      paymentId: event.paymentId,
      cents: event.cents,
      toCosts: applied.costsCents,
      toInterest: applied.interestCents,
      toPrincipal: applied.principalCents,
      surplusCents,
    });
    builder.closeIfSettled(event.on);
  },
  'invoice-cancelled': (builder, event) => {
    builder.close('cancelled', event.on, openCents(builder.current));
  },
  'hold-set': (builder, event) => {
    const { status, hold } = builder.current;
    if (hold?.holders.some((holder) => holder.owner === event.owner)) {
      throw new InvalidTransitionError(status, event.type, `the case is already held by the ${event.owner}`);
    }
    const holder = {
      owner: event.owner,
      since: event.on,
      reason: event.reason,
      ...(event.by && { by: event.by }),
    };
    builder.update({
      status: 'on-hold',
      hold: hold
        ? { ...hold, holders: [...hold.holders, holder] }
        : { resumeAs: activeStatusSchema.parse(status), holders: [holder] },
    });
    builder.note(event.on, 'hold-set', `dunning paused by the ${event.owner}: ${event.reason}`, {
      reason: event.reason,
      owner: event.owner,
    });
  },
  'hold-released': (builder, event) => {
    const { status, hold } = builder.current;
    if (!hold?.holders.some((holder) => holder.owner === event.owner)) {
      // A hold is lifted only by whoever set it: an ERP release does not end a supervisor's hold.
      throw new InvalidTransitionError(status, event.type, `the case is not held by the ${event.owner}`);
    }
    const holders = hold.holders.filter((holder) => holder.owner !== event.owner);
    const [stillHeldBy] = holders;
    if (stillHeldBy) {
      builder.update({ hold: { ...hold, holders } });
      builder.note(
        event.on,
        'hold-released',
        `${event.owner} hold released; still held by the ${stillHeldBy.owner}`,
        {
          owner: event.owner,
          stillHeldBy: stillHeldBy.owner,
          resumeAs: 'on-hold',
        },
      );
      return;
    }
    builder.update({ status: hold.resumeAs, hold: null });
    builder.note(event.on, 'hold-released', `dunning resumed as ${hold.resumeAs}`, {
      resumeAs: hold.resumeAs,
      owner: event.owner,
    });
  },
  'reminder-sent': (builder, event) => {
    const level = levelAt(builder, event, ['reminder', 'final']);
    const { invoice } = builder.current;
    const wasInDefault =
      builder.current.defaultStart !== null && compareDates(builder.current.defaultStart.date, event.on) <= 0;
    // § 286 (1) BGB: any reminder after the due date may put the debtor in default, not only the first one sent.
    if (!wasInDefault) {
      startDefaultFromReminders(builder, event.on, [
        ...builder.current.reminders,
        { sentOn: event.on, channel: event.channel },
      ]);
    }
    builder.chargeLumpSumIfInDefault(event.on);
    const feeCents = reminderFeeCents({
      channel: event.channel,
      levelFeeCents: level.feeCents,
      // The reminder that puts the debtor in default is not chargeable (§ 286 (1) BGB).
      defaultCausing: !wasInDefault,
      consumer: invoice.customer.consumer,
      lumpSumCharged: builder.current.charges.some((charge) => charge.kind === 'lump-sum'),
    });
    builder.charge({ kind: 'reminder-fee', cents: feeCents, on: event.on, levelId: level.id });
    builder.update({
      nextLevelIndex: event.levelIndex + 1,
      lastActionOn: event.on,
      reminders: [
        ...builder.current.reminders,
        {
          levelId: level.id,
          kind: level.kind,
          channel: event.channel,
          sentOn: event.on,
          // § 31 (2) Nr. 4 c BDSG: announce a possible report at the earliest in the first reminder; repeat it last.
          creditBureauNotice:
            builder.context.policy.creditBureau.reportingEnabled &&
            (builder.current.reminders.length === 0 || level.kind === 'final'),
          feeCents,
        },
      ],
    });
    const summary = event.messageId ? `${level.id} emailed` : `${level.id} sent by ${event.channel}`;
    builder.note(event.on, 'reminder-sent', summary, {
      levelId: level.id,
      channel: event.channel,
      feeCents,
      ...(event.messageId ? { messageId: event.messageId } : {}),
    });
  },
  'level-completed': (builder, event) => {
    const level = levelAt(builder, event, ['call', 'handover', 'reminder', 'final']);
    builder.update({ nextLevelIndex: event.levelIndex + 1, lastActionOn: event.on });
    builder.note(event.on, 'level-completed', `${level.id} completed`, { levelId: level.id });
  },
  'promise-recorded': (builder, event) => {
    const { maxDaysAhead } = builder.context.policy.promise;
    if (
      compareDates(event.promisedOn, event.on) < 0 ||
      compareDates(event.promisedOn, addDays(event.on, maxDaysAhead)) > 0
    ) {
      throw new InvalidTransitionError(
        builder.current.status,
        event.type,
        `the promised date must lie between ${event.on} and ${maxDaysAhead} days later`,
      );
    }
    builder.update({
      status: 'promise',
      lastActionOn: event.on,
      promises: [
        ...builder.current.promises,
        {
          promisedOn: event.promisedOn,
          cents: event.cents,
          recordedOn: event.on,
          paidCentsAtRecording: builder.current.paidCents,
          status: 'pending',
        },
      ],
    });
    builder.note(event.on, 'promise-recorded', `promise to pay ${event.cents} cents by ${event.promisedOn}`, {
      cents: event.cents,
      promisedOn: event.promisedOn,
    });
  },
  'promise-checked': (builder, event) => {
    const promises = [...builder.current.promises];
    const pending = promises.pop();
    if (pending?.status !== 'pending') {
      throw new InvalidTransitionError(builder.current.status, event.type, 'no pending promise');
    }
    const kept = builder.current.paidCents - pending.paidCentsAtRecording >= pending.cents;
    // A broken promise escalates to the next level; a kept partial promise continues dunning the rest there too.
    builder.update({
      status: 'open',
      promises: [...promises, { ...pending, status: kept ? 'kept' : 'broken' }],
      nextLevelIndex: builder.current.nextLevelIndex + 1,
    });
    builder.note(event.on, 'promise-checked', kept ? 'promise kept' : 'promise broken', { kept });
  },
  'installments-agreed': (builder, event) => {
    builder.bookInterest(event.on);
    const { maxRates, minRateCents } = builder.context.policy.installments;
    const total = event.rates.reduce((sum, rate) => sum + rate.cents, 0);
    const problem =
      event.rates.length > maxRates
        ? `at most ${maxRates} rates`
        : event.rates.some((rate) => rate.cents < minRateCents)
          ? `every rate must be at least ${minRateCents} cents`
          : total < openCents(builder.current)
            ? `the rates must add up to the open amount of ${openCents(builder.current)} cents`
            : event.rates.some(
                  (rate, index) =>
                    index > 0 &&
                    compareDates(rate.dueDate, event.rates[index - 1]?.dueDate ?? rate.dueDate) <= 0,
                )
              ? 'rate due dates must be strictly increasing'
              : undefined;
    if (problem) throw new InvalidTransitionError(builder.current.status, event.type, problem);
    builder.update({
      status: 'installments',
      lastActionOn: event.on,
      installmentPlan: {
        agreedOn: event.on,
        paidCentsAtAgreement: builder.current.paidCents,
        rates: event.rates,
        accelerationClause: builder.context.policy.installments.accelerationClause,
      },
    });
    builder.note(
      event.on,
      'installments-agreed',
      `installment plan with ${event.rates.length} rates agreed`,
      {
        rates: event.rates.length,
      },
    );
  },
  'installments-defaulted': (builder, event) => {
    const plan = builder.current.installmentPlan;
    if (!plan) throw new InvalidTransitionError(builder.current.status, event.type, 'no installment plan');
    // § 286 (2) Nr. 1 BGB: each missed rate has been in default since the day after its date; the interest on
    // it, held back while the plan could still be kept, is owed now (accrual.ts).
    builder.bookInterest(event.on);
    const heldBack = builder.current.installmentPlan?.interestLines ?? [];
    const accelerationClause = plan.accelerationClause === true;
    // A defaulted plan goes straight to the handover level: the customer already had every chance.
    const handoverIndex = builder.context.policy.levels.findIndex((level) => level.kind === 'handover');
    builder.update({
      status: 'open',
      nextLevelIndex: handoverIndex >= 0 ? handoverIndex : builder.context.policy.levels.length,
      installmentPlan: { ...plan, defaultedOn: event.on, interestLines: [] },
    });
    const interestCents = heldBack.reduce((sum, line) => sum + line.cents, 0);
    builder.note(
      event.on,
      'installments-defaulted',
      accelerationClause
        ? 'installment plan defaulted; acceleration clause: the whole remainder is due and in default from tomorrow'
        : 'installment plan defaulted; § 286 (2) Nr. 1 BGB: interest on the missed rates only, the rest falls due on its dates',
      { accelerationClause, interestCents },
    );
    startDefaultWithMissedRate(builder, plan, event.on);
    builder.bookLines(heldBack, event.on);
  },
  'dispute-raised': (builder, event) => {
    // § 286 (4) BGB: a justified dispute means no default, so from the next day interest is held back on the
    // dispute until its resolution decides (suspension-rules.ts).
    builder.bookInterest(event.on);
    const { hold } = builder.current;
    const disputes = [...builder.current.disputes, { raisedOn: event.on, reason: event.reason }];
    // A held case stays held (each hold ends only with its owner's release) and is disputed once released.
    builder.update(
      hold ? { disputes, hold: { ...hold, resumeAs: 'disputed' } } : { status: 'disputed', disputes },
    );
    builder.note(event.on, 'dispute-raised', `claim disputed: ${event.reason}`, {
      reason: event.reason,
      resumeAs: 'disputed',
      ...(event.note ? { note: event.note } : {}),
    });
  },
  'dispute-resolved': (builder, event) => {
    const open = builder.current.disputes.at(-1);
    if (!open) throw new InvalidTransitionError(builder.current.status, event.type, 'no open dispute');
    if (event.resolution === 'upheld') {
      // § 286 (4) BGB: a justified dispute means there was no default: the interest held back is dropped.
      builder.update({
        disputes: [
          ...builder.current.disputes.slice(0, -1),
          { ...open, resolution: event.resolution, resolvedOn: event.on },
        ],
      });
      builder.note(event.on, 'dispute-resolved', 'dispute upheld', { resolution: event.resolution });
      builder.close('cancelled', event.on, openCents(builder.current));
      return;
    }
    rejectDispute(builder, event.on);
  },
  'handed-over': (builder, event) => {
    builder.chargeLumpSumIfInDefault(event.on);
    builder.bookInterest(event.on);
    builder.close('handed-over', event.on);
  },
  'email-bounced': emailBounced,
  'letter-posted': letterPosted,
  'letter-withdrawn': letterWithdrawn,
  'execution-started': (builder, event) => {
    // Bookkeeping of which execution works the case; nothing for the timeline.
    const { workflow } = builder.current;
    builder.update({ workflow: { ...workflow, executionArn: event.executionArn, endedOn: null } });
  },
  'workflow-ended': (builder, event) => {
    const { status, workflow } = builder.current;
    builder.update({ workflow: { ...workflow, endedOn: event.on } });
    const summary =
      event.cause === 'restart-limit'
        ? `automatic dunning stopped after ${workflow.restarts} restarts failed; case stays ${status} for a supervisor`
        : `automatic dunning ended; case stays ${status}`;
    builder.note(event.on, 'workflow-ended', summary, {
      status,
      cause: event.cause,
      restarts: workflow.restarts,
    });
  },
  'workflow-restarted': (builder, event) => {
    const restarts = builder.current.workflow.restarts + 1;
    builder.update({
      workflow: {
        ...builder.current.workflow,
        executionArn: null,
        restarts,
        restartedFrom: event.replaces,
        endedOn: null,
      },
    });
    const why = event.reason ? `${event.cause}: ${event.reason}` : event.cause;
    builder.note(event.on, 'workflow-restarted', `dunning restarted (restart ${restarts}): ${why}`, {
      restarts,
      cause: event.cause,
      reason: event.reason,
    });
  },
};

function levelAt<K extends Policy['levels'][number]['kind']>(
  builder: TransitionBuilder,
  event: { type: CaseEvent['type']; levelIndex: number },
  kinds: readonly K[],
): Extract<Policy['levels'][number], { kind: K }> {
  const index = event.levelIndex;
  const level = builder.context.policy.levels[index];
  if (!level || !(kinds as readonly string[]).includes(level.kind)) {
    throw new InvalidTransitionError(
      builder.current.status,
      event.type,
      `level ${index} is not a ${kinds.join('/')}`,
    );
  }
  // Retried steps deliver the same level twice; only the next level may advance the case.
  if (index !== builder.current.nextLevelIndex) {
    throw new InvalidTransitionError(
      builder.current.status,
      event.type,
      `level ${index} is not the next level (${builder.current.nextLevelIndex})`,
    );
  }
  return level as Extract<Policy['levels'][number], { kind: K }>;
}

export function warnIfLimitationNear(builder: TransitionBuilder, today: IsoDate) {
  if (builder.current.flags.limitationNear) return;
  const warning = limitationWarning(
    claimArisesOn(builder.current.invoice),
    today,
    builder.context.policy.limitationWarningDays,
  );
  if (!warning.near) return;
  builder.update({ flags: { ...builder.current.flags, limitationNear: true } });
  builder.commands.push({ type: 'warn-limitation-near', limitationDate: warning.date });
}
