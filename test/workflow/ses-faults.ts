import { vi } from 'vitest';
import type { SendEmailInput } from '../../functions/adapters/aws/ses.js';
import { sesV2Client } from '../../functions/adapters/clients.js';
import { encodeMessageTag } from '../../functions/workflow/message-tags.js';
import { accountingSystem } from '../../local/accounting-system.js';
import type { WorkflowStack } from '../../local/workflow-stack.js';
import type { WorkflowHarness } from './support.js';

/**
 * The handlers' SES client, stubbed in front of the local SES: every mail goes on to the emulator unless
 * `fault` returns an error for it, which the handler then gets as SES would throw it (after the client's
 * own retries, which the stub stands in front of).
 */
export function sesWithFaults(_h: WorkflowHarness, fault: (input: SendEmailInput) => Error | undefined) {
  const client = sesV2Client();
  const send = client.sendEmail.bind(client);
  const stub = vi.spyOn(client, 'sendEmail').mockImplementation((input) => {
    const error = fault(input);
    return error ? Promise.reject(error) : send(input);
  });
  return { close: () => stub.mockRestore() };
}

/** An error shaped like the one the AWS SDK throws, with the name the product classifies by. */
export const sesError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** A tag value as the mailer hands it to SES. */
const tagOf = (value: string) => encodeMessageTag(value) ?? '';

type EmailTags = NonNullable<SendEmailInput['EmailTags']>;

/** What SES puts on the account's default bus when a mail bounced for good (see sesNotificationSchema). */
export function sesHardBounce(stack: WorkflowStack) {
  const erp = accountingSystem(stack);
  /** The mail's tags come back as SES returns them: each name with a list of values. */
  const bounceTagged = (messageId: string, tags: EmailTags) =>
    erp.put(
      'Email Bounced',
      {
        eventType: 'Bounce',
        mail: { messageId, tags: Object.fromEntries(tags.map(({ Name, Value }) => [Name, [Value]])) },
        bounce: { bounceType: 'Permanent' },
      },
      'default',
      'aws.ses',
    );
  return {
    bounce: (messageId: string, invoiceId: string) =>
      bounceTagged(messageId, [
        { Name: 'invoiceId', Value: tagOf(invoiceId) },
        { Name: 'levelId', Value: tagOf('reminder-1') },
      ]),
    bounceTagged,
    close: () => erp.close(),
  };
}
