import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboundEventSchema } from '../../functions/domain/events.js';
import { eventJsonSchemas } from '../../scripts/event-schemas.js';

describe('the outbound event contract', () => {
  it('carries no contact data of the customer', () => {
    // Arrange
    const outbound = Object.entries(eventJsonSchemas()).filter(([name]) => name.startsWith('outbound/'));

    // Act
    const mentionsContact = outbound.filter(([, schema]) =>
      /"(email|phone|contactName)":/i.test(JSON.stringify(schema)),
    );

    // Assert
    expect(outbound).toHaveLength(outboundEventSchema.def.options.length);
    expect(mentionsContact).toEqual([]);
  });
});

describe('the JSON Schemas for integrators', () => {
  it('are committed and match the zod schemas (run `npm run schemas` after a change)', async () => {
    // Arrange
    const expected = eventJsonSchemas();

    // Act
    const committed = await Promise.all(
      Object.keys(expected).map(async (name) =>
        JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'docs', 'schemas', name), 'utf8')),
      ),
    );

    // Assert
    expect(committed).toEqual(Object.values(expected));
    expect(Object.keys(expected)).toHaveLength(19);
  });
});
