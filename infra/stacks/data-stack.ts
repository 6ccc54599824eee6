import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { CallerUserPool } from '../constructs/caller-user-pool.js';
import { DocumentBucket } from '../constructs/document-bucket.js';
import { dunningTable, idempotencyTable, type TableDefinition } from '../table-definitions.js';

/** Long enough to replay a bad week, short enough not to keep customer data around without need. */
export const ARCHIVE_RETENTION = Duration.days(90);

export interface DataStackProps extends StackProps {
  /** The name of the product's own event bus (cdk context eventBusName). */
  readonly eventBusName: string;
}

/**
 * What must survive a redeploy or a `cdk destroy`: the dunning table (cases, timelines, payments, tasks:
 * business records), the idempotency table, the document bucket, the event bus with its archive, and the user pool of the
 * callers (their identities and MFA enrolments). Nothing here depends on the other stacks, so the workflow
 * and the web stack can be replaced freely.
 */
export class DataStack extends Stack {
  readonly dunningTable: Table;
  readonly idempotencyTable: Table;
  readonly eventBus: EventBus;
  readonly callers: CallerUserPool;
  /** Posted letters (later case files and print batches), locked for the § 257 HGB retention. */
  readonly documents: DocumentBucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    // Business records (§ 257 HGB): never deleted with the stack, and not deletable by accident.
    this.dunningTable = tableFrom(this, dunningTable, {
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    // Idempotency records expire on their own (TTL), but a table lost to a replacement or a destroy while
    // executions run would let a retried step send its reminder a second time: retained like the cases.
    this.idempotencyTable = tableFrom(this, idempotencyTable, {
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: false,
    });

    this.eventBus = new EventBus(this, 'EventBus', {
      eventBusName: props.eventBusName,
      description: 'Accounting events in (invoices, payments, cancellations, blocks), dunning events out',
    });
    this.eventBus.archive('Archive', {
      description: 'Every event put on the dunning bus, to replay after an outage or a fix',
      eventPattern: { account: [this.account] },
      retention: ARCHIVE_RETENTION,
    });

    this.callers = new CallerUserPool(this, 'Callers');
    this.documents = new DocumentBucket(this, 'Documents');
  }
}

function tableFrom(
  scope: Construct,
  definition: TableDefinition,
  options: { removalPolicy: RemovalPolicy; deletionProtection: boolean },
): Table {
  const table = new Table(scope, definition.id, {
    partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
    sortKey: definition.sortKey ? { name: definition.sortKey, type: AttributeType.STRING } : undefined,
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // A KMS key in the account (aws/dynamodb): key use shows in CloudTrail, no key policy to maintain.
    encryption: TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: definition.timeToLiveAttribute,
    removalPolicy: options.removalPolicy,
    deletionProtection: options.deletionProtection,
  });
  for (const index of definition.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: index.sortKey ? { name: index.sortKey, type: AttributeType.STRING } : undefined,
      ...(index.projection.type === 'INCLUDE'
        ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.attributes] }
        : { projectionType: ProjectionType.KEYS_ONLY }),
    });
  }
  return table;
}
