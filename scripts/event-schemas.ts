import { z } from 'zod';
import { outboundEventSchema } from '../functions/domain/events.js';
import { inboundEventSchema } from '../functions/domain/inbound-events.js';

/** JSON Schemas of every bus message, keyed by file name, generated from the zod schemas (one source of truth). */
export function eventJsonSchemas(): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const [direction, union] of [
    ['inbound', inboundEventSchema],
    ['outbound', outboundEventSchema],
  ] as const) {
    for (const option of union.def.options) {
      // A literal holds its value in a list: one value each here.
      for (const detailType of option.shape['detail-type'].def.values) {
        const name = `${direction}/${detailType.toLowerCase().replaceAll(' ', '-')}.schema.json`;
        files[name] = {
          ...z.toJSONSchema(option.shape.detail, { io: 'input' }),
          title: `${detailType} (EventBridge detail)`,
        };
      }
    }
  }
  return files;
}
