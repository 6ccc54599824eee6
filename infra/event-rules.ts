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
  readonly consumer: 'start-dunning' | 'case-events' | 'reconcile-execution';
  /** SES and Step Functions deliver their events to the account's default bus; the rest uses the product's. */
  readonly bus: 'product' | 'default';
}

export const eventRules: readonly EventRuleDefinition[] = [
  {
    id: 'InvoiceIssued',
    description: 'A new invoice starts its dunning case and execution',
    eventPattern: { 'detail-type': ['Invoice Issued'] },
    consumer: 'start-dunning',
    bus: 'product',
  },
  {
    id: 'CaseEvents',
    description: 'Payments, cancellations and dunning blocks change a running case',
    eventPattern: {
      'detail-type': ['Payment Received', 'Invoice Cancelled', 'Dunning Block Set', 'Dunning Block Released'],
    },
    consumer: 'case-events',
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
