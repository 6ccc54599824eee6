/** An invocation the Lambda service refused before the function ran; a task fails with it as it is. */
export class LambdaServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface LambdaConcurrencyLimits {
  /** Invocations of all functions at once (the account's concurrency). */
  total?: number;
  /** Invocations of one function at once (its reserved concurrency), by function name. */
  perFunction?: Readonly<Record<string, number>>;
}

export interface ConcurrencyStats {
  /** Most invocations that ran at once. */
  readonly peak: number;
  /** Invocations refused with Lambda.TooManyRequestsException. */
  readonly refused: number;
  /** Invocations that waited for a free slot (queue pollers). */
  readonly waited: number;
}

interface Waiting {
  readonly functionName: string;
  readonly grant: () => void;
}

/**
 * Lambda's concurrency limits for functions invoked in-process. A synchronous invocation over a limit is
 * refused the way Lambda throttles a Step Functions task (`Lambda.TooManyRequestsException`, which the state
 * machines retry with their long budget); a queue poller waits for a free slot instead, like an SQS event
 * source with maximum concurrency, so its messages stay in the queue meanwhile.
 */
export class LambdaConcurrency {
  private running = 0;
  private readonly runningByFunction = new Map<string, number>();
  private readonly waiting: Waiting[] = [];
  private peak = 0;
  private refused = 0;
  private waited = 0;

  constructor(private readonly limits: LambdaConcurrencyLimits = {}) {
    for (const [name, limit] of Object.entries({ total: limits.total, ...limits.perFunction })) {
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        throw new Error(`Concurrency limit ${name} must be a positive integer, not ${limit}`);
      }
    }
  }

  /** Runs the invocation now, or refuses it with Lambda.TooManyRequestsException when no slot is free. */
  invokeOrRefuse<T>(functionName: string, invoke: () => Promise<T>): Promise<T> {
    if (!this.hasRoom(functionName)) {
      this.refused += 1;
      return Promise.reject(
        new LambdaServiceError(
          'Lambda.TooManyRequestsException',
          `Rate Exceeded. (Service: Lambda, Status Code: 429, Error Code: TooManyRequestsException, function ${functionName})`,
        ),
      );
    }
    this.occupy(functionName);
    return this.runAndRelease(functionName, invoke);
  }

  /** Runs the invocation as soon as a slot is free; the caller waits in line (first come, first served). */
  async invokeWhenFree<T>(functionName: string, invoke: () => Promise<T>): Promise<T> {
    const queuedBefore = this.waiting.some((waiter) => waiter.functionName === functionName);
    if (queuedBefore || !this.hasRoom(functionName)) {
      this.waited += 1;
      await new Promise<void>((grant) => this.waiting.push({ functionName, grant }));
    } else {
      this.occupy(functionName);
    }
    return this.runAndRelease(functionName, invoke);
  }

  stats(): ConcurrencyStats {
    return { peak: this.peak, refused: this.refused, waited: this.waited };
  }

  private async runAndRelease<T>(functionName: string, invoke: () => Promise<T>): Promise<T> {
    try {
      return await invoke();
    } finally {
      this.release(functionName);
    }
  }

  private hasRoom(functionName: string): boolean {
    const own = this.limits.perFunction?.[functionName];
    return (
      (this.limits.total === undefined || this.running < this.limits.total) &&
      (own === undefined || (this.runningByFunction.get(functionName) ?? 0) < own)
    );
  }

  private occupy(functionName: string): void {
    this.running += 1;
    this.runningByFunction.set(functionName, (this.runningByFunction.get(functionName) ?? 0) + 1);
    this.peak = Math.max(this.peak, this.running);
  }

  /** A freed slot goes to the first waiter that fits, before any new invocation can take it. */
  private release(functionName: string): void {
    this.running -= 1;
    this.runningByFunction.set(functionName, (this.runningByFunction.get(functionName) ?? 1) - 1);
    const next = this.waiting.findIndex((waiter) => this.hasRoom(waiter.functionName));
    const [waiter] = next === -1 ? [] : this.waiting.splice(next, 1);
    if (!waiter) return;
    this.occupy(waiter.functionName);
    waiter.grant();
  }
}
