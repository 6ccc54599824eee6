import { z } from 'zod';
import type { stateMachineDefinitions } from '../../infra/function-definitions.js';
import type { SynthesizedApp } from './synthesize.js';
import { logicalIdOf, propertiesOf } from './template-queries.js';

/**
 * The workflow stack's functions and state machines by name, in an app a test file synthesizes in its
 * beforeAll (hence the getter).
 */
export function workflowLookups(synthesizedApp: () => SynthesizedApp) {
  function functionNamed(name: string) {
    const fn = synthesizedApp().workflow.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return fn;
  }

  function stateMachineNamed(name: (typeof stateMachineDefinitions)[number]['name']) {
    const machine = synthesizedApp().workflow.stateMachines.get(name);
    if (!machine) throw new Error(`no state machine ${name}`);
    return machine;
  }

  const environmentSchema = z.object({ Variables: z.record(z.string(), z.unknown()) });

  function environmentOf(functionName: string): Record<string, unknown> {
    const properties = propertiesOf(
      synthesizedApp().workflowTemplate,
      logicalIdOf(functionNamed(functionName).function),
    );
    return environmentSchema.parse(properties.Environment).Variables;
  }

  return { functionNamed, stateMachineNamed, environmentOf };
}
