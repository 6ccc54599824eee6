import type * as z from 'zod';
import { type CaseEvent, InvalidTransitionError } from '../domain/case.js';
import type { Locale } from '../domain/money.js';
import type { ApiDeps } from './deps.js';
import { actorOf, type Principal, requireSupervisor } from './principal.js';
import { conflict, notFound } from './problems.js';
import type { caseDetailSchema, caseViewSchema } from './schemas.js';
import { caseView, customerView, timelineView } from './views.js';

type Out<S extends z.ZodType> = z.infer<S>;

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

  private async change(invoiceId: string, event: CaseEvent): Promise<Out<typeof caseViewSchema>> {
    if (!(await this.deps.service.find(invoiceId))) throw notFound(`case ${invoiceId}`);
    try {
      const changed = await this.deps.service.change(invoiceId, () => ({ event }));
      return caseView(changed, this.deps.clock.businessToday(), this.deps.context, 'de');
    } catch (error) {
      if (error instanceof InvalidTransitionError) throw conflict(error.message);
      throw error;
    }
  }
}
