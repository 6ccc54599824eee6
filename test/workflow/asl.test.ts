import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionDefinitions, stateMachineDefinitions } from '../../infra/function-definitions.js';
import { readAsl, substitute, substitutionsIn } from '../../statemachines/asl.js';

const knownSubstitutions = new Map<string, string>([
  ...functionDefinitions.flatMap((definition) =>
    definition.substitution
      ? [
          [
            definition.substitution,
            `arn:aws:lambda:eu-central-1:123456789012:function:${definition.name}`,
          ] as const,
        ]
      : [],
  ),
  ...stateMachineDefinitions.map(
    (machine) =>
      [
        machine.substitution,
        `arn:aws:states:eu-central-1:123456789012:stateMachine:${machine.name}`,
      ] as const,
  ),
]);

describe.each(stateMachineDefinitions)('the state machine $name', (machine) => {
  it('is valid ASL once its substitutions are filled', () => {
    // Arrange
    const asl = readAsl(machine.file);

    // Act
    const definition: unknown = JSON.parse(substitute(asl, Object.fromEntries(knownSubstitutions)));
    const { isValid, errorsText } = validator(definition, { checkPaths: true, checkArn: true });

    // Assert
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('names no account, region or resource: every ARN is a substitution or a service integration', () => {
    // Arrange
    const asl = readAsl(machine.file);

    // Act
    const literalArns = [...asl.matchAll(/"(arn:aws:[^"]*)"/g)]
      .map(([, arn = '']) => arn)
      .filter((arn) => !/^arn:aws:states:::[a-z]+:[A-Za-z.:0-9]+$/.test(arn));

    // Assert
    expect(literalArns).toEqual([]);
  });

  it('uses only substitutions the CDK app and the local stack provide', () => {
    // Arrange
    const asl = readAsl(machine.file);

    // Act
    const unknown = substitutionsIn(asl).filter((name) => !knownSubstitutions.has(name));

    // Assert
    expect(substitutionsIn(asl).length).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });

  it('retries every Lambda task on throttling and transient errors and catches everything else', () => {
    // Arrange
    const definition = z
      .object({ States: z.record(z.string(), z.record(z.string(), z.unknown())) })
      .parse(JSON.parse(readAsl(machine.file)));

    // Act
    const lambdaTasks = Object.entries(definition.States).filter(
      ([, state]) => state.Type === 'Task' && !String(state.Resource).startsWith('arn:aws:states:::states:'),
    );
    const unprotected = lambdaTasks
      .filter(([, state]) => {
        const retriers = retrierSchema.array().parse(state.Retry ?? []);
        const budget = (error: string) =>
          retryBudgetSeconds(retriers.find((retrier) => retrier.ErrorEquals.includes(error)));
        return (
          // Throttling outlasts what AWS documents for SES (minutes to an hour), even with full jitter.
          budget('Dunning.Throttled') < 2 * 3600 ||
          budget('Lambda.TooManyRequestsException') < 2 * 3600 ||
          // A Lambda timeout or an out-of-memory crash is retried, not the end of the case's workflow.
          budget('Dunning.Transient') === 0 ||
          budget('Sandbox.Timedout') === 0 ||
          budget('Runtime.ExitError') === 0 ||
          !state.Catch
        );
      })
      .map(([name]) => name);

    // Assert
    expect(lambdaTasks.length).toBeGreaterThan(0);
    expect(unprotected).toEqual([]);
  });
});

const retrierSchema = z.object({
  ErrorEquals: z.array(z.string()),
  IntervalSeconds: z.number().default(1),
  MaxAttempts: z.number().default(3),
  BackoffRate: z.number().default(2),
  MaxDelaySeconds: z.number().optional(),
});

/** The longest a retrier keeps trying: the sum of its (capped) intervals, before jitter shortens them. */
function retryBudgetSeconds(retrier: z.infer<typeof retrierSchema> | undefined): number {
  if (!retrier) return 0;
  let total = 0;
  for (let attempt = 0; attempt < retrier.MaxAttempts; attempt++) {
    const interval = retrier.IntervalSeconds * retrier.BackoffRate ** attempt;
    total += Math.min(interval, retrier.MaxDelaySeconds ?? interval);
  }
  return total;
}
