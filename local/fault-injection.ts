/**
 * Faults a test arms on the local stack to prove every step survives them: after a function's handler has
 * done its work (committed its change, sent its mail), the invocation still fails with an error name the
 * state machine sees, e.g. `Sandbox.Timedout` for a Lambda that timed out just after its commit.
 */
export interface ArmedFault {
  /** The function (infra/function-definitions.ts name) whose invocation fails after its work. */
  functionName: string;
  /** The error name the engine sees, e.g. Sandbox.Timedout or Runtime.ExitError. */
  errorName: string;
  /** Only invocations whose event this accepts (e.g. one invoice's); all when absent. */
  matches?: (event: unknown) => boolean;
  /** How many invocations fail (default 1). */
  times?: number;
}

export class FaultInjection {
  private readonly armed: (ArmedFault & { left: number })[] = [];

  arm(fault: ArmedFault): void {
    this.armed.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Runs the invocation; when a fault is armed for it, the work is done and then the invocation fails. */
  async invoke(functionName: string, event: unknown, run: () => Promise<unknown>): Promise<unknown> {
    const result = await run();
    const fault = this.armed.find(
      (candidate) =>
        candidate.left > 0 && candidate.functionName === functionName && (candidate.matches?.(event) ?? true),
    );
    if (!fault) return result;
    fault.left--;
    throw Object.assign(new Error(`${fault.errorName} injected after ${functionName} did its work`), {
      name: fault.errorName,
    });
  }
}
