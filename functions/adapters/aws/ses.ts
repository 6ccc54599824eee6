import { AwsClient, type AwsClientOptions, parseJsonBody } from './client.js';

/** The part of SES v2 SendEmail (REST-JSON) the mailer uses. */
export interface SendEmailInput {
  FromEmailAddress: string;
  Destination: { ToAddresses: string[] };
  ReplyToAddresses?: string[];
  ConfigurationSetName?: string;
  EmailTags?: { Name: string; Value: string }[];
  Content: {
    Simple: {
      Subject: { Data: string; Charset?: string };
      Body: { Text?: { Data: string; Charset?: string }; Html?: { Data: string; Charset?: string } };
    };
  };
}

export class SesClient {
  private readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient(
      { endpointVariable: 'SESV2', hostPrefix: 'email', signingName: 'ses', errors: 'json' },
      options,
    );
  }

  async sendEmail(input: SendEmailInput): Promise<{ MessageId?: string }> {
    const response = await this.client.send({
      method: 'POST',
      path: '/v2/email/outbound-emails',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const { MessageId } = parseJsonBody(response);
    return typeof MessageId === 'string' ? { MessageId } : {};
  }
}
