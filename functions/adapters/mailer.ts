import { logger } from '../observability.js';
import { encodeMessageTag } from '../workflow/message-tags.js';
import type { SendEmailInput, SesClient } from './aws/ses.js';

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Message tags come back with bounce and complaint events, so they can be matched to the case. */
  tags: Record<string, string>;
}

export class Mailer {
  constructor(
    private readonly ses: SesClient,
    private readonly from: string,
    private readonly options: { replyTo?: string; configurationSet?: string } = {},
  ) {}

  async send(email: Email): Promise<string> {
    const { MessageId } = await this.ses.sendEmail({
      FromEmailAddress: this.from,
      Destination: { ToAddresses: [email.to] },
      ReplyToAddresses: this.options.replyTo ? [this.options.replyTo] : undefined,
      ConfigurationSetName: this.options.configurationSet,
      EmailTags: messageTags(email.tags),
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
      },
    });
    if (!MessageId) throw new Error('SES accepted the email without a message id');
    return MessageId;
  }
}

/**
 * Tags encoded so that a bounce names exactly the case it came from. A value too long to encode is left
 * out: the mail still goes, only its bounce cannot be matched to the case.
 */
function messageTags(tags: Record<string, string>): NonNullable<SendEmailInput['EmailTags']> {
  return Object.entries(tags).flatMap(([Name, value]) => {
    const Value = encodeMessageTag(value);
    if (Value === undefined) logger.warn('message tag too long for SES, left out', { tag: Name });
    return Value === undefined ? [] : [{ Name, Value }];
  });
}
