import { compareDates, type IsoDate } from './calendar.js';
import { defaultInputOf, type TransitionBuilder } from './case-builder.js';
import { type CaseEvent, type DunningCase, InvalidTransitionError, isTerminal } from './case-model.js';
import { computeDefaultStart, type SentReminder } from './default-date.js';

type Reminders = DunningCase['reminders'];

/**
 * Default (§ 286 BGB) as the reminders stand now, if it starts earlier than the case knows (or the case knew none).
 * Any reminder after the due date may cause it, each on its receipt: an email's from sending, a letter's from its
 * posting, so a letter moves the default only once it is posted.
 */
export function startDefaultFromReminders(
  builder: TransitionBuilder,
  on: IsoDate,
  reminders: readonly SentReminder[],
) {
  const defaultStart = computeDefaultStart(
    { ...defaultInputOf(builder.current.invoice), reminders },
    builder.context.policy,
  );
  const known = builder.current.defaultStart;
  if (!defaultStart || defaultStart.date === known?.date) return;
  if (known && compareDates(known.date, defaultStart.date) < 0) return;
  builder.update({ defaultStart });
  builder.note(
    on,
    'default-started',
    `in default from ${defaultStart.date} (${defaultStart.legalReference})`,
    {
      date: defaultStart.date,
      legalReference: defaultStart.legalReference,
    },
  );
}

/**
 * The print service posted a level's letter: from now on its receipt is known (posting + the policy's letter
 * business days), which may put the debtor in default. A closed case still records it (the letter went out),
 * but its default no longer changes.
 */
export function letterPosted(
  builder: TransitionBuilder,
  event: Extract<CaseEvent, { type: 'letter-posted' }>,
) {
  const { reminders, status } = builder.current;
  const index = reminders.findIndex(
    (reminder) => reminder.levelId === event.levelId && reminder.channel === 'letter',
  );
  const reminder = reminders[index];
  if (!reminder) {
    throw new InvalidTransitionError(status, event.type, `no letter of level ${event.levelId} on the case`);
  }
  if (reminder.postedOn) {
    throw new InvalidTransitionError(
      status,
      event.type,
      `the letter of level ${event.levelId} was posted on ${reminder.postedOn} already`,
    );
  }
  if (compareDates(event.postedOn, reminder.sentOn) < 0) {
    throw new InvalidTransitionError(
      status,
      event.type,
      `the letter of level ${event.levelId} dated ${reminder.sentOn} cannot be posted on ${event.postedOn}`,
    );
  }
  const posted = reminders.map((entry, at) =>
    at === index ? { ...entry, postedOn: event.postedOn } : entry,
  );
  builder.update({ reminders: posted });
  builder.note(event.on, 'letter-posted', `${event.levelId} letter posted on ${event.postedOn}`, {
    levelId: event.levelId,
    postedOn: event.postedOn,
    batchId: event.batchId ?? null,
  });
  if (!isTerminal(status)) startDefaultFromReminders(builder, event.on, posted);
}

/**
 * A level's letter that cannot go out (the customer's data cannot be printed): its reminder is taken off the case,
 * so the level counts as done without one, like a letter level for a customer without a postal address, and its
 * fee (real costs of paper and postage only) is taken back as far as it is still open.
 */
export function letterWithdrawn(
  builder: TransitionBuilder,
  event: Extract<CaseEvent, { type: 'letter-withdrawn' }>,
) {
  const { reminders, charges, balance, status } = builder.current;
  const reminder = reminders.find(
    (entry) => entry.levelId === event.levelId && entry.channel === 'letter' && !entry.postedOn,
  );
  if (!reminder) {
    throw new InvalidTransitionError(status, event.type, `no unposted letter of level ${event.levelId}`);
  }
  const fee = charges.find((charge) => charge.kind === 'reminder-fee' && charge.levelId === event.levelId);
  const takenBack = fee ? Math.min(fee.cents, balance.costsCents) : 0;
  const rest = fee ? fee.cents - takenBack : 0;
  builder.update({
    reminders: reminders.filter((entry) => entry !== reminder),
    charges: charges.flatMap((charge) =>
      charge !== fee ? [charge] : rest > 0 ? [{ ...charge, cents: rest }] : [],
    ),
    balance: { ...balance, costsCents: balance.costsCents - takenBack },
  });
  builder.note(
    event.on,
    'letter-withdrawn',
    `${event.levelId} letter withdrawn: it cannot be posted${takenBack > 0 ? `; fee of ${takenBack} cents taken back` : ''}`,
    { levelId: event.levelId, feeCents: takenBack },
  );
}

/** Letters the case recorded that the print service has not confirmed as posted yet. */
export const lettersAwaitingPosting = (dunningCase: Pick<DunningCase, 'reminders'>): Reminders =>
  dunningCase.reminders.filter((reminder) => reminder.channel === 'letter' && !reminder.postedOn);

/**
 * A hard bounce: the case is worked without email from now on. Under a letter fallback (policy.bounce) the
 * reminder that bounced goes out again as a posted letter (its receipt then counts from posting) and later email
 * levels go by letter; otherwise they are worked by phone.
 */
export function emailBounced(
  builder: TransitionBuilder,
  event: Extract<CaseEvent, { type: 'email-bounced' }>,
) {
  builder.update({ emailUndeliverable: true });
  const { reminders } = builder.current;
  const last = reminders.at(-1);
  if (builder.context.policy.bounce.fallback === 'letter' && last?.channel === 'email') {
    builder.update({ reminders: [...reminders.slice(0, -1), { ...last, channel: 'letter' }] });
    builder.note(
      event.on,
      'email-bounced',
      `email address undeliverable: ${last.levelId} goes out by letter, later levels too`,
      { fallback: 'letter', levelId: last.levelId },
    );
    return;
  }
  builder.note(event.on, 'email-bounced', 'email address undeliverable: switching to phone and letter');
}
