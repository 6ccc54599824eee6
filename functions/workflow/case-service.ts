import { setTimeout as sleep } from 'node:timers/promises';
import type { Instant } from '../domain/calendar.js';
import {
  applyEvent,
  asOutcomeOf,
  type CaseContext,
  type CaseEvent,
  type DunningCase,
  openCase,
  type TimelineEntry,
  type Transition,
} from '../domain/case.js';
import type { ClosingOutcome, InvoiceIssued, OutboundEvent } from '../domain/events.js';
import { epochMillisecondsOf } from '../domain/instant.js';
import type { WorkflowClock } from './clock.js';
import { outboundEvent } from './outbound.js';
import type { Outbox, Warning } from './outbox.js';

/** The ports the workflow needs; adapters implement them, tests may pass the same adapters on emulators. */
export interface CaseStore {
  get(invoiceId: string): Promise<{ case: DunningCase; outbox: Outbox | null } | undefined>;
  put(dunningCase: DunningCase, outbox: Outbox | null, expectedVersion: number | undefined): Promise<void>;
  clearOutbox(invoiceId: string, version: number): Promise<void>;
  /** Takes over the outbox of `version` until `untilMs` if its lease ran out by `nowMs`; false if not. */
  claimOutbox(invoiceId: string, version: number, nowMs: number, untilMs: number): Promise<boolean>;
  /** Gives up the lease on the outbox of `version`, so the next reader carries it out at once. */
  releaseOutbox(invoiceId: string, version: number): Promise<void>;
  /** Writes the lines of `version` once; `outboxDone` records in the same write that its outbox was carried out. */
  appendTimeline(
    invoiceId: string,
    version: number,
    records: Outbox['timeline'],
    options?: { outboxDone?: boolean },
  ): Promise<void>;
  /** Records on the version's timeline item that its outbox was carried out (instead of clearing it). */
  markOutboxDone(invoiceId: string, version: number): Promise<void>;
  outboxDone(invoiceId: string, version: number): Promise<boolean>;
}

export interface WorkflowPorts {
  cases: CaseStore;
  publish(events: readonly OutboundEvent[]): Promise<void>;
  /** Finishes every open task of the case and resumes its execution (SendTaskSuccess on the stored token). */
  finishOpenTasks(invoiceId: string, outcome: ClosingOutcome): Promise<void>;
  /** Deletes the schedule that would start the case's first execution (a case closed before it was due). */
  cancelStart(invoiceId: string): Promise<void>;
  warn(invoiceId: string, warning: Warning): void;
  clock: WorkflowClock;
  isVersionConflict(error: unknown): boolean;
}

/** The outbox of another writer is still being carried out: the change is retried later. */
export class CaseBusyError extends Error {
  constructor(invoiceId: string) {
    super(`case ${invoiceId} is busy with another change`);
    this.name = 'CaseBusyError';
  }
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
  /** The task whose outcome this decision applies; the case records it with the change. */
  outcomeOf?: string;
}

const MAX_ATTEMPTS = 5;
/** Long enough for a writer to carry out its outbox (a few writes and calls), short enough to recover. */
const OUTBOX_LEASE_MS = 15_000;
/** How often a writer looks again for another writer's outbox to be done: about 20 s with the backoff. */
const SETTLE_ATTEMPTS = 25;

const isEmpty = (outbox: Outbox) =>
  outbox.timeline.length === 0 &&
  outbox.events.length === 0 &&
  outbox.finishOpenTasks === null &&
  outbox.warnings.length === 0 &&
  !outbox.cancelStart;

/** A case that closes while it waits for its first execution leaves a start schedule behind to delete. */
const closesBeforeStart = ({ workflow }: DunningCase) =>
  workflow.startsAt !== null && workflow.executionArn === null && workflow.restarts === 0;

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

  /** The case as stored; an outbox whose writer died meanwhile is carried out on the way. */
  async find(invoiceId: string): Promise<DunningCase | undefined> {
    const stored = await this.ports.cases.get(invoiceId);
    if (!stored) return undefined;
    const { outbox } = stored;
    // Only an outbox whose lease ran out can be taken over: look whether it was done only then.
    if (outbox && outbox.leaseExpiresAtMs <= this.engineMillis() && !(await this.isDone(invoiceId, outbox)))
      await this.takeOver(invoiceId, outbox);
    return stored.case;
  }

  async load(invoiceId: string): Promise<DunningCase> {
    const found = await this.find(invoiceId);
    if (!found) throw new CaseNotFoundError(invoiceId);
    return found;
  }

  /**
   * Opens the case for a new invoice; an invoice seen before keeps its case untouched. `startsAt` says when
   * the new case's first execution is due to start, if not at once (the case waits for it by design).
   */
  async open(
    invoice: InvoiceIssued,
    startsAt: (opened: DunningCase) => Instant | null = () => null,
  ): Promise<{ created: boolean; case: DunningCase }> {
    const existing = await this.find(invoice.invoiceId);
    if (existing) return { created: false, case: existing };
    const opened = openCase(invoice, this.context);
    const workflow = { ...opened.case.workflow, startsAt: startsAt(opened.case) };
    const transition = { ...opened, case: { ...opened.case, workflow } };
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
      const current = await this.settled(invoiceId);
      const decision = decide(current);
      if (!decision) return current;
      const applied = applyEvent(current, decision.event, this.context);
      if (applied.case === current) return current;
      const transition = decision.outcomeOf ? asOutcomeOf(applied, decision.outcomeOf) : applied;
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
      const current = await this.settled(invoiceId);
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
      leaseExpiresAtMs: this.engineMillis() + OUTBOX_LEASE_MS,
      timeline: transition.timeline.map((entry) => ({ ...entry, recordedAt })),
      events: [...events],
      finishOpenTasks: null,
      warnings: [],
      cancelStart: false,
    };
    for (const command of transition.commands) {
      switch (command.type) {
        case 'finish-open-tasks':
          outbox.finishOpenTasks = command.outcome;
          break;
        case 'publish-closed':
          outbox.cancelStart = closesBeforeStart(changed);
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
    // A change with nothing to carry out (recording which execution works the case) stores no outbox.
    const pending = isEmpty(outbox) ? null : outbox;
    await this.ports.cases.put(changed, pending, expectedVersion);
    if (pending) await this.carryOut(changed.invoiceId, pending);
  }

  /**
   * The case once no other change is still being carried out, so the next commit cannot replace an outbox
   * that is not done yet. Waits for a live writer; takes over from one whose lease ran out.
   */
  private async settled(invoiceId: string): Promise<DunningCase> {
    for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt++) {
      const stored = await this.ports.cases.get(invoiceId);
      if (!stored) throw new CaseNotFoundError(invoiceId);
      const { outbox } = stored;
      if (!outbox || (await this.isDone(invoiceId, outbox)) || (await this.takeOver(invoiceId, outbox)))
        return stored.case;
      await sleep(Math.min(1000, 20 * 2 ** attempt));
    }
    throw new CaseBusyError(invoiceId);
  }

  /** Carries out an outbox whose writer's lease ran out; false while the writer may still be at it. */
  private async takeOver(invoiceId: string, outbox: Outbox): Promise<boolean> {
    const now = this.engineMillis();
    if (outbox.leaseExpiresAtMs > now) return false;
    if (!(await this.ports.cases.claimOutbox(invoiceId, outbox.version, now, now + OUTBOX_LEASE_MS)))
      return false;
    await this.carryOut(invoiceId, outbox);
    return true;
  }

  private engineMillis(): number {
    return epochMillisecondsOf(this.ports.clock.engineNow());
  }

  /** Carries out an outbox this service holds the lease of; on failure the lease is given up at once. */
  private async carryOut(invoiceId: string, outbox: Outbox) {
    try {
      if (outbox.events.length > 0) await this.ports.publish(outbox.events);
      if (outbox.finishOpenTasks) await this.ports.finishOpenTasks(invoiceId, outbox.finishOpenTasks);
      if (outbox.cancelStart) await this.ports.cancelStart(invoiceId);
      this.warnAll(invoiceId, outbox);
      // The lines go last, in one write with the mark that the outbox is done (a separate mark would cost a
      // second write of the item): whoever finds them knows every effect before them happened.
      await this.ports.cases.appendTimeline(invoiceId, outbox.version, outbox.timeline, { outboxDone: true });
    } catch (error) {
      // The retry of this step (or any other reader) takes over at once instead of waiting out the lease.
      await this.ports.cases.releaseOutbox(invoiceId, outbox.version).catch(() => undefined);
      throw error;
    }
    // An outbox without lines has no timeline item to be marked on: it is cleared; the next commit replaces it.
    if (outbox.timeline.length === 0) await this.ports.cases.clearOutbox(invoiceId, outbox.version);
  }

  private warnAll(invoiceId: string, outbox: Outbox) {
    for (const warning of outbox.warnings) this.ports.warn(invoiceId, warning);
  }

  /** A stored outbox is done when it was cleared or its timeline item says it was carried out. */
  private async isDone(invoiceId: string, outbox: Outbox): Promise<boolean> {
    return outbox.timeline.length > 0 && this.ports.cases.outboxDone(invoiceId, outbox.version);
  }
}
