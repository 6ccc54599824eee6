import { runLifecycles } from './lifecycles.js';

/*
 * The lifecycle run in a process of its own (bench-workflow.ts starts it after its scenarios): a second local
 * stack in the process of a first one gets no invoice through, as handler modules keep state from the first.
 * Arguments: the number of invoices and, optionally, the engine milliseconds of a business day. Progress goes
 * to stderr, the result as JSON to stdout.
 */
const [count = 0, dayMs = 0] = process.argv.slice(2).map(Number);
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const run = await runLifecycles(count, {
  dayMs: dayMs > 0 ? dayMs : undefined,
  progress: (line) => console.error(line),
});
process.stdout.write(JSON.stringify(run));
process.exit(0);
