import { type CaseEvent, InvalidTransitionError, type WriteOffScope } from '../domain/case.js';
import type { Tone } from '../domain/letters/schema.js';
import type { Locale } from '../domain/money.js';
import type * as z from '../domain/zod.js';
import type { Decision } from '../workflow/case-service.js';
import { replanOpenCalls } from '../workflow/finish-tasks.js';
import { writeOffDecision } from '../workflow/write-off.js';
import type { caseDetailSchema } from './case-schemas.js';
import type { ApiDeps } from './deps.js';
import { actorOf, type Principal, requireSupervisor } from './principal.js';
import { conflict, notFound } from './problems.js';
import type { caseViewSchema } from './schemas.js';
import { caseView, customerView, timelineView } from './views.js';

type Out<S extends z.ZodMiniType> = z.infer<S>;

/**
 * Cases for supervisors: one case with its timeline, and holding or resuming its dunning. Hold and resume
 * answer with the case in German, the API's default language (their routes take no `lang`).
 */
export class CasesResource {
  constructor(private readonly deps: ApiDeps) {}

  async get(principal: Principal, invoiceId: string, locale: Locale): Promise<Out<typeof caseDetailSchema>> {
    requireSupervisor(principal);
    const dunningCase = await this.deps.service.find(invoiceId);
    if (!dunningCase) throw notFound(`case ${invoiceId}`);
    const timeline = await this.deps.cases.timeline(invoiceId);
    return {
      case: caseView(dunningCase, this.deps.clock.businessToday(), this.deps.context, locale),
      customer: customerView(dunningCase, principal),
      timeline: timelineView(timeline, locale, this.deps.context.policy),
    };
  }

  async hold(principal: Principal, invoiceId: string, reason: string) {
    requireSupervisor(principal);
    return this.change(invoiceId, {
      type: 'hold-set',
      on: this.deps.clock.businessToday(),
      reason,
      owner: 'supervisor',
      by: actorOf(principal),
    });
  }

  async resume(principal: Principal, invoiceId: string) {
    requireSupervisor(principal);
    return this.change(invoiceId, {
      type: 'hold-released',
      on: this.deps.clock.businessToday(),
      owner: 'supervisor',
      by: actorOf(principal),
    });
  }

  /**
   * Gives a case that no execution works a fresh one (its execution died, or automatic dunning ended and a
   * supervisor wants it to go on); a case that is being worked or is closed is refused.
   */
  async restart(
    principal: Principal,
    invoiceId: string,
    reason: string,
  ): Promise<Out<typeof caseViewSchema>> {
    requireSupervisor(principal);
    const result = await this.deps.restart(invoiceId, reason, actorOf(principal));
    if (result === 'not-found') throw notFound(`case ${invoiceId}`);
    if (result === 'running') throw conflict('the case is being worked by a running execution');
    if (result === 'closed') throw conflict('the case is closed');
    const restarted = await this.deps.service.load(invoiceId);
    return caseView(restarted, this.deps.clock.businessToday(), this.deps.context, 'de');
  }

  /**
   * Disputes the claim outside a call: the case becomes disputed as after a call's dispute outcome, and an open
   * call task ends, so its execution opens the dispute task for a supervisor's decision.
   */
  async dispute(principal: Principal, invoiceId: string, request: { reason: string; note?: string }) {
    requireSupervisor(principal);
    const view = await this.change(invoiceId, {
      event: {
        type: 'dispute-raised',
        on: this.deps.clock.businessToday(),
        reason: request.reason,
        ...(request.note ? { note: request.note } : {}),
        by: actorOf(principal),
      },
    });
    await replanOpenCalls(this.deps.tasks, this.deps.executions, invoiceId, this.deps.clock.businessNow());
    return view;
  }

  /** Closes the case as written off and tells accounting the amounts it loses (`Claim Written Off`). */
  async writeOff(principal: Principal, invoiceId: string, request: { scope: WriteOffScope; reason: string }) {
    requireSupervisor(principal);
    const { clock } = this.deps;
    return this.change(
      invoiceId,
      writeOffDecision(request, actorOf(principal), clock.businessToday(), clock.businessNow()),
    );
  }

  /** Sets the tone of the case's next letters and mails, or clears it (null) back to the segment's tone. */
  async tone(principal: Principal, invoiceId: string, request: { tone: Tone | null; reason: string }) {
    requireSupervisor(principal);
    return this.change(invoiceId, {
      event: {
        type: 'tone-overridden',
        on: this.deps.clock.businessToday(),
        ...request,
        by: actorOf(principal),
      },
    });
  }

  private async change(
    invoiceId: string,
    decision: CaseEvent | Decision,
  ): Promise<Out<typeof caseViewSchema>> {
    if (!(await this.deps.service.find(invoiceId))) throw notFound(`case ${invoiceId}`);
    const decided: Decision = 'event' in decision ? decision : { event: decision };
    try {
      const changed = await this.deps.service.change(invoiceId, () => decided);
      return caseView(changed, this.deps.clock.businessToday(), this.deps.context, 'de');
    } catch (error) {
      if (error instanceof InvalidTransitionError) throw conflict(error.message);
      throw error;
    }
  }
}
