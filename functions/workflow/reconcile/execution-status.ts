import type { RestartCause } from '../../domain/case.js';
import { nonEmptyStringSchema } from '../../domain/shared-schemas.js';
import * as z from '../../domain/zod.js';

/**
 * What Step Functions puts on the account's default bus when an execution ends without finishing (rule:
 * source aws.states, detail-type "Step Functions Execution Status Change", status FAILED/TIMED_OUT/ABORTED).
 * The input is the execution's input as a JSON string; both state machines carry the invoice id in it.
 */
export const executionStatusChangeSchema = z.object({
  executionArn: nonEmptyStringSchema,
  status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
  input: z.pipe(
    z.string(),
    z.transform((input, context) => {
      const parsed = z.object({ invoiceId: nonEmptyStringSchema }).safeParse(JSON.parse(input));
      if (!parsed.success) {
        context.issues.push({ code: 'custom', message: 'the execution input names no invoiceId', input });
        return z.NEVER;
      }
      return parsed.data;
    }),
  ),
});

export const restartCauseOf: Record<z.infer<typeof executionStatusChangeSchema>['status'], RestartCause> = {
  FAILED: 'execution-failed',
  TIMED_OUT: 'execution-timed-out',
  ABORTED: 'execution-aborted',
};
