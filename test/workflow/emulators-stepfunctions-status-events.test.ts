import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { executionStatusChangeSchema } from '../../functions/workflow/reconcile/execution-status.js';
import { DEFAULT_INBOUND_SOURCES, eventRulesFor } from '../../infra/event-rules.js';
import { LocalEventBridge } from '../../local/emulators/eventbridge.js';
import { LocalStepFunctions } from '../../local/emulators/stepfunctions.js';

const eventRules = eventRulesFor(DEFAULT_INBOUND_SOURCES);

/** What the product's ExecutionEnded rule delivers, in order (as its queue would receive them). */
function reconcilerInbox(bus: LocalEventBridge): EventBridgeEvent<string, Record<string, unknown>>[] {
  const rule = eventRules.find((candidate) => candidate.id === 'ExecutionEnded');
  if (!rule) throw new Error('no ExecutionEnded rule');
  const delivered: EventBridgeEvent<string, Record<string, unknown>>[] = [];
  bus.addRule({
    name: rule.id,
    eventPattern: rule.eventPattern,
    eventBusName: rule.bus,
    target: { send: (body: string) => delivered.push(JSON.parse(body)) },
  });
  return delivered;
}

const failing = {
  StartAt: 'Broken',
  States: { Broken: { Type: 'Fail', Error: 'Dunning.Broken', Cause: 'a step failed for good' } },
};
const waiting = { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 60, End: true } } };

describe('the local Step Functions on an event bus', () => {
  let bus: LocalEventBridge;
  let sfn: LocalStepFunctions;
  let delivered: ReturnType<typeof reconcilerInbox>;

  beforeEach(() => {
    bus = new LocalEventBridge({ eventBusNames: ['dunning'] });
    delivered = reconcilerInbox(bus);
    sfn = new LocalStepFunctions({ putEvents: (entries) => bus.putEvents(entries) });
  });

  afterEach(async () => {
    await sfn.stop();
  });

  it.each(['dunning', 'installments'])(
    'puts exactly one status change shaped like AWS on the default bus when a %s execution fails',
    async (machine) => {
      // Arrange
      const stateMachineArn = sfn.registerStateMachine({ name: machine, definition: failing });
      const input = '{"invoiceId":"RE-20","step":1}';

      // Act
      const { executionArn } = sfn.startExecution({ stateMachineArn, input, name: 'inv-RE-20' });
      const execution = await sfn.waitForExecution(executionArn);

      // Assert
      expect(execution.status).toBe('FAILED');
      expect(bus.events().map(({ eventBusName }) => eventBusName)).toEqual(['default']);
      expect(delivered).toHaveLength(1);
      const [event] = delivered;
      expect(event).toMatchObject({
        version: '0',
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        account: sfn.accountId,
        region: sfn.region,
        resources: [executionArn],
      });
      expect(event?.detail).toEqual({
        executionArn,
        stateMachineArn,
        name: 'inv-RE-20',
        status: 'FAILED',
        startDate: execution.startDate.getTime(),
        stopDate: execution.stopDate?.getTime(),
        input,
        inputDetails: { included: true },
        output: null,
        outputDetails: null,
        error: 'Dunning.Broken',
        cause: 'a step failed for good',
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
      });
      expect(executionStatusChangeSchema.parse(event?.detail).input).toEqual({ invoiceId: 'RE-20' });
    },
  );

  it('reports a timed-out execution and an aborted one with their status, error and cause', async () => {
    // Arrange
    const timingOut = sfn.registerStateMachine({
      name: 'dunning',
      definition: { ...waiting, TimeoutSeconds: 1 },
    });
    const stopped = sfn.registerStateMachine({ name: 'installments', definition: waiting });

    // Act
    const late = sfn.startExecution({ stateMachineArn: timingOut, input: '{"invoiceId":"RE-21"}' });
    const aborted = sfn.startExecution({ stateMachineArn: stopped, input: '{"invoiceId":"RE-22"}' });
    sfn.stopExecution({ executionArn: aborted.executionArn, error: 'Ops.Stopped', cause: 'stopped by hand' });
    await sfn.waitForExecution(late.executionArn);

    // Assert
    expect(delivered.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        executionArn: aborted.executionArn,
        status: 'ABORTED',
        error: 'Ops.Stopped',
        cause: 'stopped by hand',
      }),
      expect.objectContaining({
        executionArn: late.executionArn,
        status: 'TIMED_OUT',
        error: 'States.Timeout',
        input: '{"invoiceId":"RE-21"}',
      }),
    ]);
  });

  it('reports no execution that succeeded, nor those aborted because the emulator stops', async () => {
    // Arrange
    const passing = sfn.registerStateMachine({
      name: 'dunning',
      definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
    });
    const longRunning = sfn.registerStateMachine({ name: 'installments', definition: waiting });

    // Act
    const succeeded = sfn.startExecution({ stateMachineArn: passing, input: '{"invoiceId":"RE-23"}' });
    const running = sfn.startExecution({ stateMachineArn: longRunning, input: '{"invoiceId":"RE-24"}' });
    await sfn.waitForExecution(succeeded.executionArn);
    await sfn.stop();

    // Assert
    expect(sfn.execution(succeeded.executionArn)?.status).toBe('SUCCEEDED');
    expect(sfn.execution(running.executionArn)?.status).toBe('ABORTED');
    expect(bus.events()).toEqual([]);
  });
});
