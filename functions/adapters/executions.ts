import { createHash } from 'node:crypto';
import type { ExecutionState } from '../workflow/ports.js';
import { isAwsError } from './aws/errors.js';
import type { StepFunctionsClient } from './aws/stepfunctions.js';

/**
 * Execution names are derived from the invoice id, so the same invoice delivered three times starts one
 * execution. Step Functions allows 80 characters of [A-Za-z0-9-_]; other ids get a readable prefix plus a hash.
 */
export function executionNameFor(invoiceId: string, suffix = ''): string {
  const safe = invoiceId.replace(/[^A-Za-z0-9_-]/g, '_');
  const tail = suffix ? `-${suffix}` : '';
  const needsHash = safe !== invoiceId || `inv-${safe}${tail}`.length > 80;
  if (!needsHash) return `inv-${safe}${tail}`;
  const digest = createHash('sha256').update(invoiceId).digest('hex').slice(0, 12);
  return `inv-${safe.slice(0, 80 - 4 - 13 - tail.length)}-${digest}${tail}`;
}

/** The ARN an execution of this name gets: known before it starts, so it can be looked up by name. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export class Executions {
  /** The client is made on first use: a function that never calls Step Functions never builds one. */
  constructor(private readonly client: () => StepFunctionsClient) {}

  private get sfn(): StepFunctionsClient {
    return this.client();
  }

  /** Starts an execution; one that already exists under this name counts as started. */
  async start(stateMachineArn: string, name: string, input: unknown): Promise<'started' | 'exists'> {
    try {
      await this.sfn.startExecution({ stateMachineArn, name, input: JSON.stringify(input) });
      return 'started';
    } catch (error) {
      if (isAwsError(error, 'ExecutionAlreadyExists')) return 'exists';
      throw error;
    }
  }

  /** Status of an execution and when it stopped (ISO instant); undefined when there is none of that ARN. */
  async describe(executionArn: string): Promise<ExecutionState | undefined> {
    try {
      const found = await this.sfn.describeExecution({ executionArn });
      if (!found.status) return undefined;
      return { status: found.status, ...(found.stopDate ? { stoppedAt: found.stopDate.toISOString() } : {}) };
    } catch (error) {
      if (isAwsError(error, 'ExecutionDoesNotExist')) return undefined;
      throw error;
    }
  }

  /** Resumes a waiting task; 'expired' when its attempt already ended (timed out, retried, finished). */
  async resume(taskToken: string, output: unknown): Promise<'resumed' | 'expired'> {
    try {
      await this.sfn.sendTaskSuccess({ taskToken, output: JSON.stringify(output) });
      return 'resumed';
    } catch (error) {
      if (isAwsError(error, 'TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist')) return 'expired';
      throw error;
    }
  }
}
