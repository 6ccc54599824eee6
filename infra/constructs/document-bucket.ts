import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { DOCUMENT_KEY_PREFIXES } from '../../functions/domain/document-keys.js';

/**
 * § 257 (4) HGB: ten years is the longest period the law names for what this bucket holds or will hold
 * (letters are Handelsbriefe, 6 years; the Inkasso case file carries booking records). The period runs from
 * the end of the calendar year (§ 257 (5) HGB), so a document is deleted one year after its lock ends.
 */
export const DOCUMENT_RETENTION_YEARS = 10;
export const DOCUMENT_EXPIRATION = Duration.days((DOCUMENT_RETENTION_YEARS + 1) * 366);
/** Server access logs answer "who read which letter"; kept for the audit year plus a margin. */
export const ACCESS_LOG_EXPIRATION = Duration.days(400);

/**
 * The bucket's name: fixed per account and region (S3 names are global), so the workflow stack's grants name
 * it without a cross-stack reference, as the state machines are reached by their names.
 */
export function documentBucketName(): string {
  return `mahnwesen-documents-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** The bucket's ARN as `scope`'s stack writes it. */
export function documentBucketArn(scope: IConstruct): string {
  return Stack.of(scope).formatArn({
    service: 's3',
    region: '',
    account: '',
    resource: documentBucketName(),
    arnFormat: ArnFormat.NO_RESOURCE_NAME,
  });
}

/**
 * The product's documents (posted letters, later case files and print batches): private, encrypted, TLS only,
 * versioned and locked in governance mode for the retention period, retained when the stack goes. Governance
 * rather than compliance mode: a document rendered with wrong personal data can still be removed by a
 * principal explicitly granted s3:BypassGovernanceRetention (GDPR Art. 16/17), which no function role has.
 */
export class DocumentBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: ACCESS_LOG_EXPIRATION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the server access logs of the document bucket (who read or stored which ' +
        'letter); logging the accesses to the log bucket itself would only record the log delivery, in a ' +
        'third bucket that would need logs of its own.',
    });
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: documentBucketName(),
      // SSE-S3: every object encrypted at rest without a key policy to maintain or KMS calls per presigned read.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.governance(
        Duration.days(DOCUMENT_RETENTION_YEARS * 365 + 3),
      ),
      lifecycleRules: [
        { id: 'delete-after-retention', expiration: DOCUMENT_EXPIRATION },
        // A version replaced by a (rare) re-render stays locked; once its lock ran out it goes too.
        { id: 'delete-replaced-versions', noncurrentVersionExpiration: DOCUMENT_EXPIRATION },
      ],
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  get bucketName(): string {
    return this.bucket.bucketName;
  }
}

/** What a function may do with the documents: read them (list, download links) or also store new ones. */
export type DocumentAccess = 'read' | 'write';

/**
 * Grants a function's role the document actions it needs on the document keys only (`cases/…` and the other
 * prefixes of functions/adapters/document-keys.ts), never delete or bypass of the lock.
 */
export function grantDocuments(fn: { role: iam.IRole } & IConstruct, access: DocumentAccess): void {
  const bucketArn = documentBucketArn(fn);
  const objects = DOCUMENT_KEY_PREFIXES.map((prefix) => `${bucketArn}/${prefix}*`);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: access === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      resources: objects,
    }),
  );
  // ListBucket lets a missing key answer 404 (not 403), and lists a case's documents; only under the prefixes.
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': DOCUMENT_KEY_PREFIXES.map((prefix) => `${prefix}*`) } },
    }),
  );
  for (const prefix of DOCUMENT_KEY_PREFIXES) {
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::mahnwesen-documents-<AWS::AccountId>-<AWS::Region>/${prefix}*]`,
      reason:
        `Document keys are made at run time from the invoice and level (${prefix}<invoice id>/...); the ` +
        'statement covers the objects under this one prefix of the document bucket and nothing else, with ' +
        'read or put only: no delete, no version or lock actions.',
    });
  }
}
