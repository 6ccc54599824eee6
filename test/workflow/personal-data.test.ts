import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { addDays } from '../../functions/domain/calendar.js';
import { logger } from '../../functions/observability.js';
import { sesError, sesHardBounce, sesWithFaults } from './ses-faults.js';
import { SCENARIO_MS, SCENARIO_START, WorkflowHarness } from './support.js';

let h: WorkflowHarness;
const written: string[] = [];

/** Everything the process writes: the Powertools logger goes to stdout and stderr, or to console in dev mode. */
function captureOutput() {
  const keep = (chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  };
  // Kept, not printed: the test reads every line itself.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      keep(chunk);
      return true;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
      keep(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
    });
  }
}

beforeAll(async () => {
  h = await WorkflowHarness.start({ businessStart: SCENARIO_START, logLevel: 'DEBUG' });
  // The handlers' logger may have been created before the stack set its level: every line counts here.
  logger.setLogLevel('DEBUG');
  captureOutput();
});
afterAll(async () => {
  vi.restoreAllMocks();
  logger.setLogLevel('ERROR');
  await h?.stop();
});

describe('personal data in logs and on the timeline', () => {
  it(
    'a case through reminders, a bounce and a call with a promise logs and records no address, phone number, IBAN or task token',
    async ({ expect }) => {
      // Arrange
      const phone = '02115551234';
      const invoice = h.invoice('personal-data', {
        customer: { email: 'petra.albers@kleinwerk.example', phone },
      });
      const ses = sesHardBounce(h.stack);
      // SES names the recipient in its errors; this one throttles the first send once.
      let throttled = false;
      const faults = sesWithFaults(h, (input) => {
        if (throttled) return undefined;
        throttled = true;
        const to = input.Destination?.ToAddresses?.join(', ') ?? '';
        return sesError('ThrottlingException', `Sending to ${to} (phone ${phone}) is paused: rate exceeded`);
      });

      // Act: the first reminder bounces, so the next level is a call; the caller records a promise, the
      // customer pays.
      await h.issue(invoice);
      await h.reminded(invoice.invoiceId, 1);
      const [firstMail] = await h.mailed(invoice, 1);
      await ses.bounce(firstMail?.messageId ?? '', invoice.invoiceId);
      await h.waitForCase(invoice.invoiceId, (found) => found.emailUndeliverable, 'the bounce');
      const task = await h.openTask(invoice.invoiceId, 'call');
      await h.complete(task, {
        type: 'promise',
        promisedOn: addDays(h.today(), 3),
        cents: 100_000,
        dissatisfied: false,
      });
      await h.waitForCase(invoice.invoiceId, (found) => found.status === 'promise', 'the promise');
      await h.payInFull(invoice.invoiceId);
      ses.close();
      faults.close();
      const timeline = JSON.stringify(await h.cases.timeline(invoice.invoiceId));
      const logs = written.join('\n');

      // Assert
      expect(throttled).toBe(true);
      expect(logs).toContain('ThrottlingException');
      expect(timeline).toContain('email-bounced');
      const secrets = [
        invoice.customer.email,
        phone,
        '5551234',
        task.taskToken ?? 'no task token',
        'DE89370400440532013000',
        'DE89 3704 0044 0532 0130 00',
      ];
      for (const secret of secrets) {
        expect(logs, `the logs name ${secret}`).not.toContain(secret);
        expect(timeline, `the timeline names ${secret}`).not.toContain(secret);
      }
      expect(logs).not.toMatch(/[\w.+-]+@[\w-]+\.[\w-]+/);
      expect(timeline).not.toMatch(/[\w.+-]+@[\w-]+\.[\w-]+/);
    },
    SCENARIO_MS,
  );
});
