import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { sesV2Client } from '../../functions/adapters/clients.js';
import { encodeMessageTag } from '../../functions/workflow/message-tags.js';
import { accountingSystem } from '../../local/accounting-system.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import type { WorkflowStack } from '../../local/workflow-stack.js';
import type { WorkflowHarness } from './support.js';

/**
 * The handlers' SES client, mocked in front of the local SES: every mail goes on to the emulator unless
 * `fault` returns an error for it, which the handler then gets as SES would throw it.
 */
export function sesWithFaults(
  h: WorkflowHarness,
  fault: (input: SendEmailCommandInput) => Error | undefined,
) {
  const emulator = new SESv2Client({
    region: localRegion,
    credentials: localCredentials,
    endpoint: h.stack.endpoints.ses,
  });
  const stub = mockClient(sesV2Client());
  stub.on(SendEmailCommand).callsFake((input: SendEmailCommandInput) => {
    const error = fault(input);
    if (error) throw error;
    return emulator.send(new SendEmailCommand(input));
  });
  return {
    close: () => {
      stub.restore();
      emulator.destroy();
    },
  };
}

/** An error shaped like the one the AWS SDK throws, with the name the product classifies by. */
export const sesError = (name: string, message: string) => Object.assign(new Error(message), { name });

/** A tag value as the mailer hands it to SES. */
const tagOf = (value: string) => encodeMessageTag(value) ?? '';

/** What SES puts on the account's default bus when a mail bounced for good (see sesNotificationSchema). */
export function sesHardBounce(stack: WorkflowStack) {
  const erp = accountingSystem(stack);
  return {
    bounce: (messageId: string, invoiceId: string) =>
      erp.put(
        'Email Bounced',
        {
          eventType: 'Bounce',
          mail: { messageId, tags: { invoiceId: [tagOf(invoiceId)], levelId: [tagOf('reminder-1')] } },
          bounce: { bounceType: 'Permanent' },
        },
        'default',
        'aws.ses',
      ),
    close: () => erp.close(),
  };
}
