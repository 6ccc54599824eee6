import { parseConfig } from '../../functions/handlers/runtime/config.js';

/** A function's configuration as its environment would give it, for tests that build the workflow. */
export const handlerConfig = parseConfig({
  TABLE_NAME: 'dunning',
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
  EVENT_BUS_NAME: 'dunning',
  SENDER_ADDRESS: 'mahnung@example.com',
  DUNNING_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:123456789012:stateMachine:dunning',
  INSTALLMENTS_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:123456789012:stateMachine:installments',
  START_SCHEDULE_GROUP: 'dunning-starts',
});
