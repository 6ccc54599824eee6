import { z } from 'zod';
import { inkassoCaseFileSchema } from '../functions/domain/case-file.js';

/** JSON Schemas of the documents the product hands out (the § 13a RDG case file), keyed by file name. */
export function documentJsonSchemas(): Record<string, unknown> {
  return {
    'case-file.schema.json': {
      ...z.toJSONSchema(inkassoCaseFileSchema, { io: 'output', unrepresentable: 'any' }),
      title:
        'Inkasso case file (§ 13a RDG), cases/<invoiceId>/case-file.json and GET /cases/{invoiceId}/case-file',
    },
  };
}
