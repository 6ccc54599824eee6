import type { TaskOutcome } from '../../../functions/domain/outcomes.js';
import { ApiProblem } from '../api.js';
import { html, type SafeHtml } from '../dom.js';
import { type MessageKey, t } from '../i18n.js';

/**
 * The API refuses with RFC 9457 problem details in English (title, detail, field paths). The page says what
 * went wrong in its own language instead: what the person tried, and why it failed as far as the status,
 * the problem type and the field names tell. The API's own words go to the browser console (api.ts).
 */
export type Attempt =
  | {
      action:
        | 'tasks'
        | 'task'
        | 'claim'
        | 'release'
        | 'case'
        | 'hold'
        | 'resume'
        | 'restart'
        | 'dispute'
        | 'writeOff'
        | 'tone'
        | 'reports'
        | 'search'
        | 'customer'
        | 'print'
        | 'printFile'
        | 'posted';
    }
  | { action: 'outcome'; outcomeType: TaskOutcome['type'] };

const PROBLEM_TYPES = 'https://mahnwesen.dev/problems/';
const TASK_ACTIONS: ReadonlySet<Attempt['action']> = new Set(['task', 'claim', 'release', 'outcome']);
const CASE_ACTIONS: ReadonlySet<Attempt['action']> = new Set([
  'case',
  'hold',
  'resume',
  'restart',
  'dispute',
  'writeOff',
  'tone',
]);
/** The reason field of each action that asks for one, as the page labels it. */
const REASON_LABELS: Partial<Record<Attempt['action'], MessageKey>> = {
  hold: 'case.holdReason',
  restart: 'case.restartReason',
  dispute: 'case.disputeReason',
  writeOff: 'case.writeOffReason',
  tone: 'case.toneReason',
};

/**
 * The API's refusals of a change to a case share the problem type `conflict`; the few a supervisor can act on
 * are told apart by their detail (the API's tests pin these words). Any other gets the general text.
 */
const CASE_CONFLICTS: readonly [RegExp, MessageKey][] = [
  [/being worked by a running execution/, 'problem.caseBeingWorked'],
  [/the case is closed/, 'problem.caseClosed'],
  [/not held by the supervisor/, 'problem.notHeldBySupervisor'],
  [/already held by the supervisor/, 'problem.alreadyHeldBySupervisor'],
  [/write off the rest, not all/, 'problem.writeOffRest'],
  [/write off all/, 'problem.writeOffAll'],
  [/dispute-raised to a case that is disputed/, 'problem.alreadyDisputed'],
];

function asProblem(error: unknown): ApiProblem | undefined {
  return error instanceof ApiProblem ? error : undefined;
}

function notFitting(problem: ApiProblem, attempt: Attempt): string {
  // Only outcomes are refused as not fitting; anything else gets the general words.
  if (attempt.action !== 'outcome') return t('problem.other', { status: problem.status });
  if (problem.type !== `${PROBLEM_TYPES}outcome-does-not-fit-the-case`) return t('problem.wrongKind');
  switch (attempt.outcomeType) {
    case 'promise': {
      // The limit is the policy's and the problem carries it only in its detail; without it the text is general.
      const days = /(\d+) days/.exec(problem.detail ?? '')?.[1];
      return days ? t('problem.promiseTooFar', { days }) : t('problem.promiseOutOfRange');
    }
    case 'installments':
      return t('problem.installmentsDoNotFit');
    default:
      return t('problem.outcomeDoesNotFit');
  }
}

function conflict(problem: ApiProblem, attempt: Attempt): string {
  if (attempt.action === 'claim') return t('problem.claimConflict');
  if (attempt.action === 'release') return t('problem.releaseConflict');
  if (attempt.action === 'outcome') return t('problem.outcomeConflict');
  if (!CASE_ACTIONS.has(attempt.action)) return t('problem.conflict');
  const known = CASE_CONFLICTS.find(([detail]) => detail.test(problem.detail ?? ''));
  return t(known?.[1] ?? 'problem.caseConflict');
}

/** Why it failed, in the page's language. */
export function explanation(error: unknown, attempt: Attempt): string {
  const problem = asProblem(error);
  if (!problem) return t('problem.unexpected');
  const { status } = problem;
  if (status === 0) return t('problem.network');
  if (status === 400) return t('problem.invalid');
  if (status === 401) return t('problem.unauthorized');
  if (status === 403) return t('problem.forbidden');
  if (status === 404) {
    if (TASK_ACTIONS.has(attempt.action)) return t('problem.taskNotFound');
    if (attempt.action === 'customer') return t('problem.customerNotFound');
    return CASE_ACTIONS.has(attempt.action) ? t('problem.caseNotFound') : t('problem.notFound');
  }
  if (status === 409) return conflict(problem, attempt);
  if (status === 422) return notFitting(problem, attempt);
  if (status >= 500) return t('problem.server');
  return t('problem.other', { status });
}

const FIELD_LABELS: Record<string, MessageKey> = {
  paidOn: 'field.paidOn',
  promisedOn: 'field.promisedOn',
  cents: 'field.cents',
  rates: 'field.rates',
  dueDate: 'field.rateDue',
  disputeReason: 'field.disputeReason',
  callbackAt: 'field.callbackAt',
  reason: 'field.reason',
  dissatisfied: 'field.dissatisfied',
  notes: 'field.notes',
  decision: 'field.decision',
  resolution: 'field.resolution',
  type: 'outcome.type',
  from: 'reports.from',
  to: 'reports.to',
  queue: 'queue.queue',
  kind: 'queue.kind',
  q: 'search.q',
  postedOn: 'print.postedOn',
};

/** A field the API named ('body.outcome.rates.1.cents') as the page labels it ('Rate 2, Betrag in Euro'). */
export function fieldLabel(path: string, attempt: Attempt): string {
  if (path === 'body.reason') return t(REASON_LABELS[attempt.action] ?? 'field.reason');
  const parts = path.split('.').slice(path.startsWith('body.outcome.') ? 2 : 1);
  const rate = parts[0] === 'rates' && /^\d+$/.test(parts[1] ?? '') ? Number(parts[1]) : undefined;
  const key = FIELD_LABELS[parts.at(-1) ?? ''];
  const name = key ? t(key) : t('problem.otherField');
  return rate === undefined ? name : `${t('field.rate', { n: rate + 1 })}, ${name}`;
}

/** The field an outcome the case refused as a whole hinges on: the one to mark. */
const HINGES: Partial<Record<TaskOutcome['type'], string>> = { promise: 'promisedOn', installments: 'rates' };

/** The outcome fields a refusal concerns, with what to say at each (path relative to the outcome). */
export function outcomeFieldProblems(
  error: unknown,
  attempt: Attempt,
): { path: (string | number)[]; message: string }[] {
  const problem = asProblem(error);
  if (!problem || attempt.action !== 'outcome') return [];
  const hinge = HINGES[attempt.outcomeType];
  if (problem.type === `${PROBLEM_TYPES}outcome-does-not-fit-the-case`)
    return hinge ? [{ path: [hinge], message: explanation(problem, attempt) }] : [];
  return problem.errors
    .filter((error) => error.path.startsWith('body.outcome.'))
    .map((error) => ({
      path: error.path
        .replace(/^body\.outcome\./, '')
        .split('.')
        .map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      message: t('problem.fieldRefused'),
    }));
}

/** The refusal as the page says it: what failed, why, and the fields concerned. */
export function problemBox(error: unknown, attempt: Attempt, id = ''): SafeHtml {
  const problem = asProblem(error);
  if (!problem) console.error(error);
  const fields =
    problem?.status === 400 ? problem.errors.map((field) => fieldLabel(field.path, attempt)) : [];
  return html`<div class="problem" role="alert" tabindex="-1" ${id ? html`id="${id}"` : ''} data-testid="problem">
    <p class="problem-heading">${t(`problem.failed.${attempt.action}`)}</p>
    <p class="problem-detail">${explanation(error, attempt)}</p>
    ${
      fields.length > 0
        ? html`<p class="problem-fields-heading">${t('problem.fields')}</p>
          <ul class="problem-fields">${[...new Set(fields)].map((field) => html`<li>${field}: ${t('problem.fieldRefused')}</li>`)}</ul>`
        : ''
    }
  </div>`;
}
