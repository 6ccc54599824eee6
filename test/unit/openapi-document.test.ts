import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi.js';
import { OPENAPI_DOCUMENT } from '../../functions/api/openapi-document.js';

describe('the OpenAPI document the api Lambda serves', () => {
  it('is the one generated from the current schemas (run `npx tsx scripts/write-openapi.ts` after a change)', () => {
    // Arrange
    const generated = JSON.stringify(openApiDocument());

    // Act
    const committed = brotliDecompressSync(Buffer.from(OPENAPI_DOCUMENT, 'base64')).toString('utf8');

    // Assert
    expect(committed).toBe(generated);
  });
});
