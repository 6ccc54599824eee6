import { z } from 'zod';
import { EVENT_SOURCE } from '../functions/domain/events.js';
import type { InboundDetailType } from '../functions/domain/inbound-events.js';

/**
 * The EventBridge rules of the product as plain data: the CDK app creates them, the local stack routes
 * PutEvents with the very same patterns. Each rule feeds one SQS queue (with a DLQ) and one Lambda.
 */
export interface EventRuleDefinition {
  /** Logical id of the rule (CDK construct id). */
  readonly id: string;
  /** The rule's description in EventBridge. */
  readonly description: string;
  /** The EventBridge event pattern, in EventBridge's own JSON form (the local stack matches with it too). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  /** The handler module under functions/handlers/ that consumes the rule's queue. */
  readonly consumer:
    | 'start-dunning'
    | 'case-events'
    | 'reconcile-execution'
    | 'render-letter'
    | 'letters-posted';
  /** SES and Step Functions deliver their events to the account's default bus; the rest uses the product's. */
  readonly bus: 'product' | 'default';
}

/**
 * The source the accounting system puts its events with, unless the deployment names others (context key
 * `inboundSources`). The local stack and its stand-in accounting system use it too.
 */
export const DEFAULT_INBOUND_SOURCES: readonly string[] = ['erp.accounting'];

/**
 * One source the product accepts inbound events from. PutEvents takes up to 256 characters; AWS reserves
 * `aws.` sources for its services, and the product's own source must never count as the accounting system.
 */
export const inboundSourceSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$/,
    'must be 1-256 letters, digits, dots, hyphens, underscores or slashes, starting with a letter or digit',
  )
  .refine((source) => !source.toLowerCase().startsWith('aws.'), 'must not start with aws.: AWS reserves it')
  .refine(
    (source) => source !== EVENT_SOURCE,
    `must not be ${EVENT_SOURCE}: the product publishes its own events with it`,
  );

/** The accepted sources: at least one, each once. */
export const inboundSourcesSchema = z
  .array(inboundSourceSchema)
  .min(1, 'must name at least one source')
  .refine((sources) => new Set(sources).size === sources.length, 'must name each source once');

/** A pattern for inbound detail-types that only the accounting system's sources match. */
function fromAccountingSystem(
  inboundSources: readonly string[],
  detailTypes: readonly InboundDetailType[],
): Record<string, unknown> {
  return { source: [...inboundSources], 'detail-type': [...detailTypes] };
}

/**
 * The product's rules. Inbound events match on source as well as detail-type: any principal allowed to put
 * events on the bus could otherwise forge a payment or a cancellation.
 */
export function eventRulesFor(inboundSources: readonly string[]): readonly EventRuleDefinition[] {
  return [
    {
      id: 'InvoiceIssued',
      description: 'A new invoice starts its dunning case and execution',
      eventPattern: fromAccountingSystem(inboundSources, ['Invoice Issued']),
      consumer: 'start-dunning',
      bus: 'product',
    },
    {
      id: 'CaseEvents',
      description: 'Payments, credit notes, cancellations, disputes and dunning blocks change running cases',
      eventPattern: fromAccountingSystem(inboundSources, [
        'Payment Received',
        'Invoice Cancelled',
        'Invoice Credited',
        'Dispute Raised',
        'Dunning Block Set',
        'Dunning Block Released',
        'Customer Dunning Block Set',
        'Customer Dunning Block Released',
      ]),
      consumer: 'case-events',
      bus: 'product',
    },
    {
      id: 'LettersPosted',
      description: 'The print service posted a print batch: its letters count as posted on their cases',
      eventPattern: fromAccountingSystem(inboundSources, ['Letters Posted']),
      consumer: 'letters-posted',
      bus: 'product',
    },
    {
      id: 'EmailFeedback',
      description: 'SES hard bounces and complaints move a case to phone and letter',
      eventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received'] },
      consumer: 'case-events',
      bus: 'default',
    },
    {
      id: 'LetterLevelRecorded',
      description: 'A recorded letter level renders its posted letter as PDF into the document bucket',
      // The product's own event: the level is recorded before this fires, so rendering costs no state transition.
      eventPattern: {
        source: [EVENT_SOURCE],
        'detail-type': ['Dunning Reminder Sent'],
        detail: { channel: ['letter'] },
      },
      consumer: 'render-letter',
      bus: 'product',
    },
    {
      id: 'ExecutionEnded',
      description: 'A dunning or installment execution that ended without finishing restarts its open case',
      eventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          // Both machines' names end like this on AWS (Mahnwesen-Workflow-dunning) and locally (dunning).
          stateMachineArn: [{ suffix: 'dunning' }, { suffix: 'installments' }],
        },
      },
      consumer: 'reconcile-execution',
      bus: 'default',
    },
  ];
}
