import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildWorkflow, installEmailDelivery } from '../../functions/handlers/runtime/workflow.js';
import type { OutgoingEmail } from '../../functions/workflow/ports.js';
import { handlerConfig } from './handler-config.js';

const config = handlerConfig;

const email: OutgoingEmail = {
  to: 'kunde@example.com',
  subject: 'Zahlungserinnerung',
  text: 'Bitte zahlen Sie.',
  html: '<p>Bitte zahlen Sie.</p>',
  tags: { invoiceId: 'inv-1' },
};

describe('email delivery in the Lambda functions', () => {
  it('refuses to send from a function whose handler installed no delivery (no send-email capability)', async () => {
    // Arrange
    const { deps } = buildWorkflow(config);

    // Act
    const sending = deps.deliver('inv-1#level-0', email);

    // Assert
    await expect(sending).rejects.toThrow(/sends no email/);
  });

  it('sends through the delivery a handler installed, and hands it the invocation context', async () => {
    // Arrange
    const sent: string[] = [];
    const contexts: Context[] = [];
    installEmailDelivery(() => ({
      deliver: async (key) => {
        sent.push(key);
        return `message-${key}`;
      },
      registerLambdaContext: (context) => contexts.push(context),
    }));
    const workflow = buildWorkflow(config);
    const context = { awsRequestId: 'request-1' } as Context;

    // Act
    workflow.registerLambdaContext(context);
    const messageId = await workflow.deps.deliver('inv-1#level-0', email);

    // Assert
    expect(messageId).toBe('message-inv-1#level-0');
    expect(sent).toEqual(['inv-1#level-0']);
    expect(contexts).toEqual([context]);
  });
});
