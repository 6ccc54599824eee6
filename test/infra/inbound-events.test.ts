import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_SOURCE, outboundDetailTypes } from '../../functions/domain/events.js';
import { inboundDetailTypes } from '../../functions/domain/inbound-events.js';
import { functionDefinitions } from '../../infra/function-definitions.js';
import { assertEventPattern, matchesPattern } from '../../local/emulators/event-pattern.js';
import { type SynthesizedApp, synthesizeMahnwesen } from './synthesize.js';
import { conditionsOfRole, logicalIdOf, resourcesOf } from './template-queries.js';
import { workflowLookups } from './workflow-lookups.js';

const configuredSources = ['erp.sap', 'bank.camt'];

let synthesized: SynthesizedApp;

beforeAll(() => {
  synthesized = synthesizeMahnwesen({ full: false, context: { inboundSources: configuredSources } });
}, 120_000);

const { functionNamed } = workflowLookups(() => synthesized);

const ruleSchema = z.object({
  EventBusName: z.unknown(),
  EventPattern: z.object({ source: z.array(z.string()).optional(), 'detail-type': z.array(z.string()) }),
});

function deployedRules() {
  return resourcesOf(synthesized.workflowTemplate, 'AWS::Events::Rule').map((rule) => ruleSchema.parse(rule));
}

/** An inbound event as EventBridge would hand it to the rules. */
function busEvent(source: string, detailType: string) {
  return {
    version: '0',
    id: '0d5a1b2c-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-11-30T09:00:00Z',
    region: 'eu-central-1',
    resources: [],
    detail: { invoiceId: 'RE-1' },
  };
}

function rulesMatching(source: string, detailType: string): number {
  return deployedRules().filter((rule) => {
    const pattern: unknown = rule.EventPattern;
    assertEventPattern(pattern);
    return matchesPattern(pattern, busEvent(source, detailType));
  }).length;
}

describe('the inbound event rules', () => {
  it.each(inboundDetailTypes)(
    'route %s only when it comes with one of the configured sources',
    (detailType) => {
      // Arrange
      const routing = deployedRules().filter((rule) => rule.EventPattern['detail-type'].includes(detailType));

      // Act
      const sources = routing.map((rule) => rule.EventPattern.source);

      // Assert
      expect(sources).toEqual([configuredSources]);
    },
  );

  it.each(inboundDetailTypes)(
    'deliver %s from an accepted source and drop it from the product itself or an unknown sender',
    (detailType) => {
      // Arrange
      const senders = ['bank.camt', EVENT_SOURCE, 'erp.accounting', 'forger'];

      // Act
      const matches = senders.map((source) => rulesMatching(source, detailType));

      // Assert
      expect(matches).toEqual([1, 0, 0, 0]);
    },
  );
});

describe('the functions on the product bus', () => {
  it.each(functionDefinitions.map((definition) => definition.name))(
    'let %s put only the outbound detail-types, and only with the product source',
    (name) => {
      // Arrange
      const role = logicalIdOf(functionNamed(name).role);

      // Act
      const conditions = conditionsOfRole(synthesized.workflowTemplate, role, 'events:PutEvents');

      // Assert
      expect(conditions).toEqual([
        {
          StringEquals: { 'events:source': EVENT_SOURCE, 'events:detail-type': [...outboundDetailTypes] },
        },
      ]);
    },
  );

  it('leave every inbound detail-type out of what the functions may put', () => {
    // Arrange
    const roles = functionDefinitions.map((definition) => logicalIdOf(functionNamed(definition.name).role));

    // Act
    const allowed = roles.flatMap((role) =>
      conditionsOfRole(synthesized.workflowTemplate, role, 'events:PutEvents').flatMap((condition) =>
        z.array(z.string()).parse(condition?.StringEquals?.['events:detail-type']),
      ),
    );

    // Assert
    expect(allowed.length).toBeGreaterThan(0);
    expect(inboundDetailTypes.filter((type) => allowed.includes(type))).toEqual([]);
  });
});
