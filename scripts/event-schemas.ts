import { z } from 'zod';
import { inboundEventSchema, outboundEventSchema } from '../functions/domain/events.js';

/** JSON Schemas of every bus message, keyed by file name, generated from the zod schemas (one source of truth). */
export function eventJsonSchemas(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const [direction, union] of [
    ['inbound', inboundEventSchema],
    ['outbound', outboundEventSchema],
  ] as const) {
    for (const option of union.options) {
      const detailType = option.shape['detail-type'].value;
      const name = `${direction}/${detailType.toLowerCase().replaceAll(' ', '-')}.schema.json`;
      files[name] = {
        ...z.toJSONSchema(option.shape.detail, { io: 'input' }),
        title: `${detailType} (EventBridge detail)`,
      };
    }
  }
  return files;
}
