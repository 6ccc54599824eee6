import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ARCHIVE_RETENTION } from '../../infra/stacks/data-stack.js';
import { dunningTable, idempotencyTable } from '../../infra/table-definitions.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { logicalIdOf } from './template-queries.js';

// Templates only: no bundling of the handlers (workflow-functions.test.ts checks the bundles).
let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen({ full: false });
}, 120_000);

describe('the data stack', () => {
  it('keeps the dunning table on demand, recoverable, encrypted, protected and retained, with every index', () => {
    // Arrange
    const template = synthesized.dataTemplate;

    // Act
    const table = template.findResources('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: dunningTable.partitionKey, KeyType: 'HASH' }, Match.anyValue()],
      },
    });

    // Assert
    expect(Object.values(table)).toHaveLength(1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: dunningTable.partitionKey, KeyType: 'HASH' },
          { AttributeName: dunningTable.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        // Without SSEType, SSEEnabled means the AWS managed KMS key aws/dynamodb (not the AWS owned key).
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: dunningTable.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection:
            index.projection.type === 'INCLUDE'
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.attributes] }
              : { ProjectionType: 'KEYS_ONLY' },
        })),
      }),
    });
  });

  it('projects into no index all attributes, the task token or contact data', () => {
    // Arrange
    const secrets = ['taskToken', 'case', 'outbox', 'email', 'phone', 'address', 'contactName', 'customer'];

    // Act
    const indexes = Object.values(synthesized.dataTemplate.findResources('AWS::DynamoDB::Table')).flatMap(
      (table) =>
        z
          .object({
            Properties: z.object({
              GlobalSecondaryIndexes: z
                .array(
                  z.object({
                    IndexName: z.string(),
                    Projection: z.object({
                      ProjectionType: z.string(),
                      NonKeyAttributes: z.array(z.string()).optional(),
                    }),
                  }),
                )
                .default([]),
            }),
          })
          .parse(table).Properties.GlobalSecondaryIndexes,
    );

    // Assert
    expect(indexes.map((index) => index.IndexName).sort()).toEqual([
      'byCase',
      'byCustomer',
      'byQueue',
      'bySearch',
    ]);
    for (const { IndexName, Projection } of indexes) {
      expect({ IndexName, type: Projection.ProjectionType }).not.toEqual({ IndexName, type: 'ALL' });
      const leaked = (Projection.NonKeyAttributes ?? []).filter((attribute) => secrets.includes(attribute));
      expect({ IndexName, leaked }).toEqual({ IndexName, leaked: [] });
    }
  });

  it('keeps only keys in the search index, so neither names nor contact data nor amounts are copied there', () => {
    // Arrange
    const template = synthesized.dataTemplate;

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table', {
      Properties: {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: 'bySearch',
            KeySchema: [
              { AttributeName: 'searchPk', KeyType: 'HASH' },
              { AttributeName: 'searchSk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ]),
      },
    });

    // Assert
    expect(Object.keys(tables)).toHaveLength(1);
  });

  it('expires idempotency records through their TTL attribute and keeps the table when the stack goes', () => {
    // Arrange
    const template = synthesized.dataTemplate;

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [{ AttributeName: idempotencyTable.partitionKey, KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: idempotencyTable.timeToLiveAttribute, Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });

    // Assert
    expect(Object.keys(tables)).toHaveLength(1);
  });

  it('archives every event put on the dunning bus so it can be replayed', () => {
    // Arrange
    const template = synthesized.dataTemplate;
    const busId = logicalIdOf(synthesized.data.eventBus);

    // Act
    const archives = template.findResources('AWS::Events::Archive');

    // Assert
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'dunning' });
    expect(Object.values(archives)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
          EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
          RetentionDays: ARCHIVE_RETENTION.toDays(),
        }),
      }),
    ]);
  });
});
