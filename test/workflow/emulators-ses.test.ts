import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSes, startSes } from '../../local/emulators/ses.js';
import { clientConfig } from './emulators-support.js';

describe('the local SES', () => {
  let ses: LocalSes;
  let client: SESv2Client;

  beforeAll(async () => {
    ses = await startSes();
    client = new SESv2Client(clientConfig(ses.endpoint));
  });

  afterAll(async () => {
    client.destroy();
    await ses.stop();
  });

  it('shows an email sent with SES v2 SendEmail in its mailbox', async () => {
    // Arrange
    await ses.clear();

    // Act
    const sent = await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'forderungen@example.com',
        Destination: { ToAddresses: ['kunde@example.com'] },
        Content: {
          Simple: {
            Subject: { Data: 'Zahlungserinnerung RE-1' },
            Body: { Text: { Data: 'Bitte zahlen Sie.' }, Html: { Data: '<p>Bitte zahlen Sie.</p>' } },
          },
        },
      }),
    );
    const emails = await ses.listEmails();

    // Assert
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      messageId: sent.MessageId,
      from: 'forderungen@example.com',
      destination: { to: ['kunde@example.com'], cc: [], bcc: [] },
      subject: 'Zahlungserinnerung RE-1',
      body: { text: 'Bitte zahlen Sie.', html: '<p>Bitte zahlen Sie.</p>' },
    });
  });
});
