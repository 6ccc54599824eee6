import { instantSchema } from '../../domain/calendar.js';
import { describeIssues } from '../../domain/policy.js';
import { nonEmptyStringSchema } from '../../domain/shared-schemas.js';
import * as z from '../../domain/zod.js';

/**
 * Lambda configuration from the environment, validated once at cold start: a missing or malformed
 * variable stops the function before it handles anything, with the variable's name in the error.
 */
const configSchema = z
  .object({
    TABLE_NAME: nonEmptyStringSchema,
    IDEMPOTENCY_TABLE_NAME: nonEmptyStringSchema,
    EVENT_BUS_NAME: nonEmptyStringSchema,
    SENDER_ADDRESS: z.email(),
    REPLY_TO_ADDRESS: z.optional(z.email()),
    SES_CONFIGURATION_SET: z.optional(nonEmptyStringSchema),
    DUNNING_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
    INSTALLMENTS_STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
    /** The schedule group of the one-time schedules that start a case's execution when it becomes overdue. */
    START_SCHEDULE_GROUP: nonEmptyStringSchema,
    /** Only where schedules are created (start-dunning): what they invoke, and the role they invoke it with. */
    START_SCHEDULE_TARGET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
    START_SCHEDULE_ROLE_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
    /** Where Scheduler keeps a start it could not deliver (the queue alarms). */
    START_SCHEDULE_DLQ_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
    /** Only where documents are read or stored (the document capabilities): the document bucket's name. */
    DOCUMENT_BUCKET: z.optional(nonEmptyStringSchema),
    /** Standard executions may run one year: continue in a new one well before (engine days). */
    MAX_EXECUTION_AGE_DAYS: z._default(z.coerce.number().check(z.positive(), z.lte(360)), 330),
    /** Local stack only: business seconds per engine second, and the instants both clocks started at. */
    CLOCK_SCALE: z._default(z.coerce.number().check(z.positive()), 1),
    CLOCK_BUSINESS_EPOCH: z.optional(instantSchema),
    CLOCK_ENGINE_EPOCH: z.optional(instantSchema),
  })
  .check(
    z.refine(
      (config) =>
        (config.START_SCHEDULE_TARGET_ARN === undefined) === (config.START_SCHEDULE_ROLE_ARN === undefined),
      {
        path: ['START_SCHEDULE_ROLE_ARN'],
        message: 'START_SCHEDULE_TARGET_ARN and START_SCHEDULE_ROLE_ARN go together',
      },
    ),
    z.refine(
      (config) => (config.CLOCK_BUSINESS_EPOCH === undefined) === (config.CLOCK_ENGINE_EPOCH === undefined),
      {
        path: ['CLOCK_ENGINE_EPOCH'],
        message: 'CLOCK_BUSINESS_EPOCH and CLOCK_ENGINE_EPOCH go together',
      },
    ),
  );
export type HandlerConfig = z.infer<typeof configSchema>;

export class ConfigurationError extends Error {
  constructor(problems: string[]) {
    super(`invalid function configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

export function parseConfig(environment: NodeJS.ProcessEnv): HandlerConfig {
  const result = configSchema.safeParse(environment);
  if (!result.success) throw new ConfigurationError(describeIssues(result.error));
  return result.data;
}
