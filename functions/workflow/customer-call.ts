import type { Instant } from '../domain/calendar.js';
import { MAX_CALL_MEMBERS } from '../domain/customer-call.js';
import type { Task, TaskRefusal } from '../domain/task.js';
import type { TaskStore } from './ports.js';

/**
 * One call per customer (see domain/customer-call.ts): the first execution of a customer to reach a call level
 * opens the customer's call task and points the customer's open call at it; the call tasks of the customer's
 * other cases join it as members. Every member keeps its own task with its own execution's token (nothing about
 * tokens changes); only the lead is queued. Single-item conditional writes only, every step safe to repeat.
 */
export interface CustomerCallStore {
  /** The call task the customer's open call names, if any. */
  current(customerId: string): Promise<string | undefined>;
  /** Names `leadTaskId` as the customer's open call, if it still names `previous` (none: if it names nothing). */
  point(customerId: string, leadTaskId: string, previous: string | undefined, at: Instant): Promise<boolean>;
  /** Appends the member to the call task if it still takes members; true also when it is a member already. */
  attach(leadTaskId: string, memberTaskId: string): Promise<boolean>;
}

export interface CallPorts {
  tasks: TaskStore;
  calls: CustomerCallStore;
}

/** Thrown when the customer's open call keeps changing under a joining task: retried like any transient fault. */
export class CustomerCallBusyError extends Error {
  constructor(customerId: string) {
    super(`the open call of customer ${customerId} kept changing while a call task joined it`);
    this.name = 'CustomerCallBusyError';
  }
}

/**
 * The call still takes members: open, nobody recorded its outcome, it is a customer's call itself, and not full
 * (a customer with more invoices at a call level than one call lists gets a second call).
 */
export const takesMembers = (lead: Task) =>
  lead.kind === 'call' &&
  lead.members.length < MAX_CALL_MEMBERS - 1 &&
  lead.status === 'open' &&
  lead.outcome === null &&
  lead.sharedOutcome === null &&
  lead.leadTaskId === null;

/** The call's recorded outcome has a part for this member (so its execution will be resumed with it). */
const hasPartFor = (lead: Task, taskId: string) =>
  lead.sharedOutcome?.parts.some((part) => part.taskId === taskId) ?? false;

export interface OpenCallPorts extends CallPorts {
  tasks: CallPorts['tasks'] & Pick<HandOverPorts['tasks'], 'moveToCall'>;
}

/**
 * Opens this execution's call task and makes it the customer's call or a member of it. The task is stored first,
 * as every task is, so its token is in place at once whatever the coordination costs; joining then takes it out
 * of the queue. A member whose call got its outcome without it joins the customer's next call instead, so no task
 * waits for a call nobody will work. Returns how the task was stored and the call it belongs to.
 */
export async function openCallTask(
  ports: OpenCallPorts,
  task: Task,
  now: Instant,
): Promise<{ stored: 'opened' | 'refreshed' | 'finished'; callTaskId: string | null }> {
  const stored = await ports.tasks.openOrRefresh(task);
  if (stored === 'finished') return { stored, callTaskId: null };
  let current = stored === 'opened' ? task : await ports.tasks.get(task.taskId);
  for (let round = 0; current?.status === 'open' && current.members.length === 0; round++) {
    if (current.leadTaskId !== null) {
      const call = await ports.tasks.get(current.leadTaskId);
      if (call && (takesMembers(call) || hasPartFor(call, task.taskId))) break;
    }
    if (round >= 5) throw new CustomerCallBusyError(task.customerId);
    const lead = await joinCustomerCall(ports, task);
    if (lead === task.taskId && current.leadTaskId === null) break;
    const moved = await ports.tasks.moveToCall(task.taskId, current.leadTaskId, lead, [], now);
    current = moved === undefined || 'refused' in moved ? await ports.tasks.get(task.taskId) : moved;
    if (lead === task.taskId) break;
  }
  return { stored, callTaskId: current?.leadTaskId ?? null };
}

/** Joins the customer's open call, or makes this task the customer's call; returns the call's task id. */
export async function joinCustomerCall(ports: CallPorts, task: Task): Promise<string> {
  for (let round = 0; round < 20; round++) {
    const named = await ports.calls.current(task.customerId);
    if (named === task.taskId) return task.taskId;
    // Every call task is stored before it is named, so a named task is there to read.
    const lead = named === undefined ? undefined : await ports.tasks.get(named);
    if (lead && takesMembers(lead)) {
      if (await ports.calls.attach(lead.taskId, task.taskId)) return lead.taskId;
    } else if (await ports.calls.point(task.customerId, task.taskId, named, task.updatedAt)) {
      return task.taskId;
    }
  }
  throw new CustomerCallBusyError(task.customerId);
}

export interface HandOverPorts {
  tasks: Pick<TaskStore, 'get'> & {
    moveToCall(
      taskId: string,
      from: string | null,
      to: string,
      members: readonly string[],
      now: Instant,
    ): Promise<Task | TaskRefusal | undefined>;
  };
  calls: CustomerCallStore;
}

/**
 * The customer's call task ended for its own case's sake (paid, cancelled, disputed, timed out) while others had
 * joined it and no outcome was recorded for the call: the first member still open takes the call over with the
 * rest as its members, so the others stay worked and undisturbed. Safe to repeat (each move is conditional on
 * the member still belonging to the ended call).
 */
export async function handOverCall(ports: HandOverPorts, ended: Task, now: Instant): Promise<void> {
  if (ended.leadTaskId !== null || ended.sharedOutcome !== null || ended.members.length === 0) return;
  const members = await Promise.all(ended.members.map((taskId) => ports.tasks.get(taskId)));
  const open = members.filter(
    (member): member is Task =>
      member !== undefined && member.status === 'open' && member.leadTaskId === ended.taskId,
  );
  const [next, ...rest] = open;
  if (!next) return;
  const others = rest.map((member) => member.taskId);
  await ports.tasks.moveToCall(next.taskId, ended.taskId, next.taskId, others, now);
  for (const taskId of others) await ports.tasks.moveToCall(taskId, ended.taskId, next.taskId, [], now);
  await ports.calls.point(ended.customerId, next.taskId, ended.taskId, now);
}
