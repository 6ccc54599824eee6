import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedEmail, type LocalSes, startSes } from '../../local/emulators/ses.js';
import { delay } from '../../local/emulators/shared.js';
import { clientConfig, sdkError } from './emulators-support.js';

const reminderTo = (to: string) =>
  new SendEmailCommand({
    FromEmailAddress: 'forderungen@example.com',
    Destination: { ToAddresses: [to] },
    EmailTags: [{ Name: 'invoiceId', Value: to.split('@')[0] ?? '' }],
    Content: {
      Simple: {
        Subject: { Data: `Zahlungserinnerung ${to}` },
        Body: { Text: { Data: 'Bitte zahlen Sie.' } },
      },
    },
  });

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

describe('the local SES with a sending rate', () => {
  let ses: LocalSes;
  let client: SESv2Client;
  const accepted: AcceptedEmail[] = [];

  beforeAll(async () => {
    ses = await startSes({ sendingRate: 2, onSent: (email) => accepted.push(email) });
    // One attempt per call: the SDK's own retries would hide what the endpoint answers.
    client = new SESv2Client({ ...clientConfig(ses.endpoint), maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await ses.stop();
  });

  it('refuses mails beyond the rate with TooManyRequestsException, sends nothing for them and sends again a second later', async () => {
    // Arrange
    await ses.clear();
    const recipients = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];

    // Act
    const burst = await Promise.allSettled(recipients.map((to) => client.send(reminderTo(to))));
    await delay(1_100);
    const second = [
      await client.send(reminderTo('e@example.com')),
      await client.send(reminderTo('f@example.com')),
    ];
    const refused = await sdkError(client.send(reminderTo('g@example.com')));
    const mailbox = await ses.listEmails();

    // Assert
    expect(burst.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    const rejections = burst.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(rejections).toHaveLength(2);
    for (const rejection of rejections) {
      expect(rejection).toBeInstanceOf(TooManyRequestsException);
      expect(rejection).toMatchObject({
        name: 'TooManyRequestsException',
        message: 'Maximum sending rate exceeded.',
        $metadata: { httpStatusCode: 429 },
      });
    }
    expect(second.map((sent) => sent.MessageId)).toEqual([expect.any(String), expect.any(String)]);
    expect(refused).toBeInstanceOf(TooManyRequestsException);
    expect(mailbox).toHaveLength(4);
    expect(ses.sendingStats()).toEqual({ accepted: 4, throttled: 3 });
    expect(accepted.map((email) => email.tags.invoiceId).sort()).toEqual(
      mailbox.map((email) => email.destination.to[0]?.split('@')[0]).sort(),
    );
  });
});
