import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_RETENTION_YEARS } from '../../infra/constructs/document-bucket.js';
import { functionCapabilities } from '../../infra/function-permissions.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { conditionsOfRole, flat, logicalIdOf, permissionsOfRole } from './template-queries.js';

let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen({ full: false });
}, 120_000);

const documentBucketProperties = () =>
  Match.objectLike({
    BucketName: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    ObjectLockEnabled: true,
  });

function roleOf(name: string): string {
  const fn = synthesized.workflow.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return logicalIdOf(fn.role);
}

describe('the document bucket', () => {
  it('is private, encrypted, versioned, locked for the § 257 HGB period, logged and retained', () => {
    // Arrange
    const template = synthesized.dataTemplate;

    // Act
    const buckets = template.findResources('AWS::S3::Bucket', { Properties: documentBucketProperties() });

    // Assert
    expect(Object.keys(buckets)).toHaveLength(1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: DOCUMENT_RETENTION_YEARS * 365 + 3 } },
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'documents/' }),
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ ExpirationInDays: (DOCUMENT_RETENTION_YEARS + 1) * 366 }),
          ]),
        },
      }),
    });
  });

  it('refuses every request without TLS and with TLS older than 1.2', () => {
    // Arrange
    const [bucketId] = Object.keys(
      synthesized.dataTemplate.findResources('AWS::S3::Bucket', { Properties: documentBucketProperties() }),
    );

    // Act
    const policies = Object.values(
      synthesized.dataTemplate.findResources('AWS::S3::BucketPolicy', {
        Properties: { Bucket: { Ref: bucketId } },
      }),
    );

    // Assert
    expect(policies).toHaveLength(1);
    expect(flat(policies[0])).toContain('"aws:SecureTransport":"false"');
    expect(flat(policies[0])).toContain('"s3:TlsVersion":1.2');
  });

  it("lets the records' API read documents under the document prefixes only, the callers' API none, and no function delete one", () => {
    // Arrange
    const template = synthesized.workflowTemplate;

    // Act
    const api = permissionsOfRole(template, roleOf('api-records'));
    const callers = permissionsOfRole(template, roleOf('api-calls'));
    const listConditions = conditionsOfRole(template, roleOf('api-records'), 's3:ListBucket');
    const deleters = [...synthesized.workflow.functions.keys()].filter((name) =>
      [...permissionsOfRole(template, roleOf(name)).keys()].some((action) =>
        /^s3:(Delete|Bypass|\*)/.test(action),
      ),
    );

    // Assert
    expect(flat(api.get('s3:GetObject'))).toContain('mahnwesen-documents-');
    expect(flat(api.get('s3:GetObject'))).toContain('/cases/*');
    expect(api.has('s3:PutObject')).toBe(false);
    expect([...callers.keys()].filter((action) => action.startsWith('s3:'))).toEqual([]);
    expect(listConditions).toEqual([{ StringLike: { 's3:prefix': ['cases/*', 'print-batches/*'] } }]);
    expect(deleters).toEqual([]);
  });

  it('gives the bucket name and S3 access only to the functions with a document capability', () => {
    // Arrange
    const template = synthesized.workflowTemplate;
    const withDocuments = Object.entries(functionCapabilities)
      .filter(([, capabilities]) => capabilities.some((capability) => capability.endsWith('-documents')))
      .map(([name]) => name)
      .sort();

    // Act
    const readers = [...synthesized.workflow.functions.keys()]
      .filter((name) => permissionsOfRole(template, roleOf(name)).has('s3:GetObject'))
      .sort();
    const named = [...synthesized.workflow.functions]
      .filter(([, fn]) =>
        flat(template.toJSON().Resources[logicalIdOf(fn.function)]).includes('DOCUMENT_BUCKET'),
      )
      .map(([name]) => name)
      .sort();

    // Assert
    expect(readers).toEqual(withDocuments);
    expect(named).toEqual(withDocuments);
  });
});
