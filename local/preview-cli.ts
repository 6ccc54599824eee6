import { parseArgs } from 'node:util';
import { berlinDateOf, isoDateSchema, systemClock } from '../functions/domain/calendar.js';
import { renderPreview } from './preview.js';

/** `npm run preview`: what the policy does with the demo invoices, without starting anything. */
const { values } = parseArgs({
  options: { today: { type: 'string' }, lines: { type: 'string', default: '4' } },
});
const today = isoDateSchema.parse(values.today ?? berlinDateOf(systemClock()));
console.log(renderPreview(today, Number(values.lines)));
