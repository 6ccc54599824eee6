/**
 * The shared observability lives in functions/observability.ts, below the handlers and the API. This file
 * only keeps the old path alive for importers outside this change (handlers/case-events.ts and
 * test/workflow/scenarios-payments.test.ts); delete it once they import functions/observability.js.
 */
export { logger, metrics } from '../../observability.js';
