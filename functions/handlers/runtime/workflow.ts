import type { Context } from 'aws-lambda';
import { baseRateTable, defaultPolicy } from '../../../config/index.js';
import type { DynamoDBDocumentClient } from '../../adapters/aws/dynamodb.js';
import { CaseRepository, CaseVersionConflictError } from '../../adapters/case-repository.js';
import {
  dynamoDocumentClient,
  eventsClient,
  schedulerClient,
  stepFunctionsClient,
} from '../../adapters/clients.js';
import { EventPublisher } from '../../adapters/event-publisher.js';
import { Executions, executionArnFor, executionNameFor } from '../../adapters/executions.js';
import { StartSchedules } from '../../adapters/start-schedules.js';
import { TaskRepository } from '../../adapters/task-repository.js';
import { businessCalendar } from '../../domain/calendar.js';
import type { CaseContext } from '../../domain/case.js';
import type { InkassoCaseFile } from '../../domain/case-file.js';
import { countOutboundEvents, logger, MetricUnit, metrics } from '../../observability.js';
import { CaseService } from '../../workflow/case-service.js';
import type { CustomerBlockStore } from '../../workflow/customer-blocks.js';
import { finishOpenTasks } from '../../workflow/finish-tasks.js';
import type { CustomerReminderStore, WorkflowDeps } from '../../workflow/ports.js';
import { clockFrom } from './clock-config.js';
import { type HandlerConfig, parseConfig } from './config.js';
import type { EmailDelivery, EmailDeliveryFactory } from './email.js';

/**
 * What only some functions use, each with the adapter and schemas behind it: the handler of a function that
 * uses one installs it when it is loaded (as the send-email functions install the SES delivery), so the other
 * bundles neither carry nor build it. The workflow looks a capability up when it is first used, so the order in
 * which a process loads handlers (the local stack loads all of them) does not matter.
 */
export interface Capabilities {
  /** Writes the handed-over case file (the handover). */
  caseFiles: { put(invoiceId: string, file: InkassoCaseFile): Promise<void> };
  /** The customers' combined reminders of a day (send-reminder). */
  customerReminders: CustomerReminderStore;
  /** The open cases page by page and the sweep's cursor (sweep-cases). */
  openCases: WorkflowDeps['openCases'];
  /** The customers' dunning blocks and their open cases (start-dunning, case-events). */
  customerBlocks: CustomerBlockStore;
}
export type CapabilityName = keyof Capabilities;

/** What a capability is built from: the process's table client and configuration, and the cases. */
export interface CapabilityWiring {
  documents: DynamoDBDocumentClient;
  config: HandlerConfig;
  cases: CaseRepository;
}
export type CapabilityFactory<K extends CapabilityName> = (wiring: CapabilityWiring) => Capabilities[K];

const capabilityFactories: { [K in CapabilityName]?: CapabilityFactory<K> } = {};
let emailDeliveryFactory: EmailDeliveryFactory | undefined;

export function installCapability<K extends CapabilityName>(name: K, factory: CapabilityFactory<K>): void {
  Object.assign(capabilityFactories, { [name]: factory });
}

/**
 * The handlers of the functions that send email (the send-email capability of infra/function-permissions.ts)
 * install the SES delivery when they are loaded.
 */
export function installEmailDelivery(factory: EmailDeliveryFactory): void {
  emailDeliveryFactory = factory;
}

function noEmailDelivery(): EmailDelivery {
  throw new Error(
    'this function sends no email: give it the send-email capability and install the delivery in its handler',
  );
}

function factoryOf<K extends CapabilityName>(name: K): CapabilityFactory<K> {
  const factory: CapabilityFactory<K> | undefined = capabilityFactories[name];
  if (factory) return factory;
  throw new Error(`this function has no ${name} capability: install it in its handler (installCapability)`);
}

/** Builds each capability on its first use, once per workflow. */
function capabilitiesOf(wiring: CapabilityWiring) {
  const built: { [K in CapabilityName]?: Capabilities[K] } = {};
  return <K extends CapabilityName>(name: K): Capabilities[K] => {
    const existing: Capabilities[K] | undefined = built[name];
    if (existing) return existing;
    const capability = factoryOf(name)(wiring);
    Object.assign(built, { [name]: capability });
    return capability;
  };
}

/** The customers' blocks through the capability, resolved per call so that a function without it loads. */
function customerBlocksOf(capability: ReturnType<typeof capabilitiesOf>): CustomerBlockStore {
  const store = () => capability('customerBlocks');
  return {
    add: async (customerId, block) => store().add(customerId, block),
    remove: async (customerId, blockId) => store().remove(customerId, blockId),
    active: async (customerId) => store().active(customerId),
    openInvoiceIds: (customerId) => store().openInvoiceIds(customerId),
  };
}

/** The customers' reminders through the capability, resolved per call so that a function without it loads. */
function customerRemindersOf(capability: ReturnType<typeof capabilitiesOf>): CustomerReminderStore {
  const store = () => capability('customerReminders');
  return {
    get: async (customerId, date) => store().get(customerId, date),
    claim: async (reminder) => store().claim(reminder),
    takeOver: async (customerId, date, claimedBy, nowMs, untilMs) =>
      store().takeOver(customerId, date, claimedBy, nowMs, untilMs),
    finish: async (customerId, date, outcome) => store().finish(customerId, date, outcome),
    openInvoiceIds: async (customerId, limit) => store().openInvoiceIds(customerId, limit),
  };
}

/**
 * Wires adapters to the workflow once per process (cold start): every handler gets the same objects, and
 * a broken configuration fails here, before the first event is handled.
 */
export function buildWorkflow(config: HandlerConfig = parseConfig(process.env)) {
  const documents = dynamoDocumentClient();
  const cases = new CaseRepository(documents, config.TABLE_NAME);
  const tasks = new TaskRepository(documents, config.TABLE_NAME);
  const executions = new Executions(stepFunctionsClient);
  const publisher = new EventPublisher(eventsClient, config.EVENT_BUS_NAME);
  const startSchedules = new StartSchedules(schedulerClient, {
    groupName: config.START_SCHEDULE_GROUP,
    targetArn: config.START_SCHEDULE_TARGET_ARN,
    roleArn: config.START_SCHEDULE_ROLE_ARN,
    deadLetterArn: config.START_SCHEDULE_DLQ_ARN,
  });
  const capability = capabilitiesOf({ documents, config, cases });
  const clock = clockFrom(config);
  const context: CaseContext = {
    policy: defaultPolicy,
    baseRates: baseRateTable,
    calendar: businessCalendar(defaultPolicy.state),
  };
  const service = new CaseService(
    {
      cases,
      publish: async (events) => {
        await publisher.publish(events);
        countOutboundEvents(events);
      },
      finishOpenTasks: (invoiceId, outcome) =>
        finishOpenTasks(tasks, executions, invoiceId, outcome, clock.businessNow()),
      // Best effort: a schedule left behind fires on a closed case, which starts nothing.
      cancelStart: async (invoiceId) => {
        await startSchedules.delete(invoiceId).catch((error: unknown) => {
          logger.warn('start schedule not deleted', { invoiceId, error });
        });
      },
      warn: (invoiceId, warning) => {
        logger.warn('dunning warning', { invoiceId, warning: warning.type });
        metrics.addMetric(
          warning.type === 'warn-base-rate-stale' ? 'BaseRateTableStale' : 'LimitationNear',
          MetricUnit.Count,
          1,
        );
      },
      clock,
      isVersionConflict: (error) => error instanceof CaseVersionConflictError,
    },
    context,
  );
  let email: EmailDelivery | undefined;
  const emailDelivery = () => {
    email ??= (emailDeliveryFactory ?? noEmailDelivery)(config);
    return email;
  };
  const registerLambdaContext = (lambdaContext: Context) => {
    if (emailDeliveryFactory) emailDelivery().registerLambdaContext(lambdaContext);
  };
  const deps: WorkflowDeps = {
    service,
    tasks,
    executions,
    deliver: async (idempotencyKey, message) => emailDelivery().deliver(idempotencyKey, message),
    storeCaseFile: async (invoiceId, file) => capability('caseFiles').put(invoiceId, file),
    stateMachines: {
      dunning: config.DUNNING_STATE_MACHINE_ARN,
      installments: config.INSTALLMENTS_STATE_MACHINE_ARN,
    },
    executionNameFor,
    executionArnFor,
    openCases: {
      page: async (limit, cursor) => capability('openCases').page(limit, cursor),
      sweepCursor: async () => capability('openCases').sweepCursor(),
      saveSweepCursor: async (cursor) => capability('openCases').saveSweepCursor(cursor),
    },
    startSchedules,
    customerBlocks: customerBlocksOf(capability),
    customerReminders: customerRemindersOf(capability),
    customerCalls: { tasks, calls: tasks.calls },
    count: (metric) => metrics.addMetric(metric, MetricUnit.Count, 1),
    maxExecutionAgeSeconds: config.MAX_EXECUTION_AGE_DAYS * 24 * 3600,
  };
  return { deps, service, cases, tasks, executions, clock, config, documents, registerLambdaContext };
}

export type Workflow = ReturnType<typeof buildWorkflow>;

let workflow: Workflow | undefined;

/** The process-wide workflow, built on first use (at cold start when a handler module is loaded). */
export function workflowInstance(): Workflow {
  workflow ??= buildWorkflow();
  return workflow;
}

/** Tests and the local stack rebuild after they changed the environment. */
export function resetWorkflowInstance(): void {
  workflow = undefined;
}
