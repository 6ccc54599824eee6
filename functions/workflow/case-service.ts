import {
  applyEvent,
  type CaseContext,
  type CaseEvent,
  type DunningCase,
  openCase,
  type TimelineEntry,
  type Transition,
} from '../domain/case.js';
import type { ClosingOutcome, InvoiceIssued, OutboundEvent } from '../domain/events.js';
import type { WorkflowClock } from './clock.js';
import { outboundEvent } from './outbound.js';
import type { Outbox, Warning } from './outbox.js';

/** The ports the workflow needs; adapters implement them, tests may pass the same adapters on emulators. */
export interface CaseStore {
  get(invoiceId: string): Promise<{ case: DunningCase; outbox: Outbox | null } | undefined>;
  put(dunningCase: DunningCase, outbox: Outbox, expectedVersion: number | undefined): Promise<void>;
  clearOutbox(invoiceId: string, version: number): Promise<void>;
  appendTimeline(invoiceId: string, version: number, records: Outbox['timeline']): Promise<void>;
}

export interface WorkflowPorts {
  cases: CaseStore;
  publish(events: readonly OutboundEvent[]): Promise<void>;
  /** Finishes every open task of the case and resumes its execution (SendTaskSuccess on the stored token). */
  finishOpenTasks(invoiceId: string, outcome: ClosingOutcome): Promise<void>;
  warn(invoiceId: string, warning: Warning): void;
  clock: WorkflowClock;
  isVersionConflict(error: unknown): boolean;
}

export class CaseNotFoundError extends Error {
  constructor(invoiceId: string) {
    super(`no dunning case for invoice ${invoiceId}`);
    this.name = 'CaseNotFoundError';
  }
}

/** A line for the timeline that records something around the case rather than a change of its state. */
export type Note = Omit<TimelineEntry, 'type'> & { type: string };

/** A decision about the current case: the event to apply and the bus events the result should publish. */
export interface Decision {
  event: CaseEvent;
  publish?: (changed: DunningCase) => OutboundEvent[];
  /** Lines about what happened around the change, committed with it (e.g. the mail that went out). */
  notes?: Note[];
}

const MAX_ATTEMPTS = 5;

/**
 * Loads a case, applies one domain event, commits it with a conditional write and carries out its outbox.
 * A concurrent writer makes the commit fail; the decision is then taken again on the fresh case.
 */
export class CaseService {
  constructor(
    private readonly ports: WorkflowPorts,
    readonly context: CaseContext,
  ) {}

  get clock(): WorkflowClock {
    return this.ports.clock;
  }

  async find(invoiceId: string): Promise<DunningCase | undefined> {
    const stored = await this.ports.cases.get(invoiceId);
    if (!stored) return undefined;
    if (stored.outbox) await this.carryOut(invoiceId, stored.outbox);
    return stored.case;
  }

  async load(invoiceId: string): Promise<DunningCase> {
    const found = await this.find(invoiceId);
    if (!found) throw new CaseNotFoundError(invoiceId);
    return found;
  }

  /** Opens the case for a new invoice; an invoice seen before keeps its case untouched. */
  async open(invoice: InvoiceIssued): Promise<{ created: boolean; case: DunningCase }> {
    const existing = await this.find(invoice.invoiceId);
    if (existing) return { created: false, case: existing };
    const transition = openCase(invoice, this.context);
    try {
      await this.commit(transition, undefined, []);
    } catch (error) {
      if (!this.ports.isVersionConflict(error)) throw error;
      return { created: false, case: await this.load(invoice.invoiceId) };
    }
    return { created: true, case: transition.case };
  }

  /** Applies what `decide` returns for the current case; `undefined` means nothing is to be done. */
  async change(
    invoiceId: string,
    decide: (current: DunningCase) => Decision | undefined,
  ): Promise<DunningCase> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(invoiceId);
      const decision = decide(current);
      if (!decision) return current;
      const transition = applyEvent(current, decision.event, this.context);
      if (transition.case === current) return current;
      try {
        await this.commit(
          { ...transition, timeline: [...transition.timeline, ...(decision.notes ?? [])] },
          current.version,
          decision.publish?.(transition.case) ?? [],
        );
        return transition.case;
      } catch (error) {
        if (!this.ports.isVersionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Records what happened around a case without changing its state (a mail sent, a task opened). */
  async annotate(
    invoiceId: string,
    notes: Note[],
    publish: (current: DunningCase) => OutboundEvent[] = () => [],
  ) {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(invoiceId);
      const unchanged = { case: { ...current, version: current.version + 1 }, commands: [], timeline: notes };
      try {
        await this.commit(unchanged, current.version, publish(unchanged.case));
        return unchanged.case;
      } catch (error) {
        if (!this.ports.isVersionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async commit(
    transition: Pick<Transition, 'case' | 'commands'> & { timeline: Note[] },
    expectedVersion: number | undefined,
    events: OutboundEvent[],
  ) {
    const changed = transition.case;
    const recordedAt = this.ports.clock.businessNow();
    const outbox: Outbox = {
      version: changed.version,
      timeline: transition.timeline.map((entry) => ({ ...entry, recordedAt })),
      events: [...events],
      finishOpenTasks: null,
      warnings: [],
    };
    for (const command of transition.commands) {
      switch (command.type) {
        case 'finish-open-tasks':
          outbox.finishOpenTasks = command.outcome;
          break;
        case 'publish-closed':
          outbox.events.push(
            outboundEvent('Dunning Closed', changed, recordedAt, {
              outcome: command.outcome,
              recoveredCents: command.recoveredCents,
              waivedCents: command.waivedCents,
              currency: changed.invoice.amount.currency,
            }),
          );
          break;
        default:
          outbox.warnings.push(command);
      }
    }
    await this.ports.cases.put(changed, outbox, expectedVersion);
    await this.carryOut(changed.invoiceId, outbox);
  }

  private async carryOut(invoiceId: string, outbox: Outbox) {
    await this.ports.cases.appendTimeline(invoiceId, outbox.version, outbox.timeline);
    if (outbox.events.length > 0) await this.ports.publish(outbox.events);
    if (outbox.finishOpenTasks) await this.ports.finishOpenTasks(invoiceId, outbox.finishOpenTasks);
    for (const warning of outbox.warnings) this.ports.warn(invoiceId, warning);
    await this.ports.cases.clearOutbox(invoiceId, outbox.version);
  }
}
