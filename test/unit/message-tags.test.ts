import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SendEmailInput, SesClient } from '../../functions/adapters/aws/ses.js';
import { Mailer } from '../../functions/adapters/mailer.js';
import type { BusEnvelope } from '../../functions/workflow/contracts/bus.js';
import { caseChangeFor, combinedMailBounceFor } from '../../functions/workflow/inbound.js';
import { decodeMessageTag, encodeMessageTag } from '../../functions/workflow/message-tags.js';

/** Invoice ids as the accounting system may send them: at most 64 characters, separators and umlauts. */
const invoiceIds = fc
  .array(fc.constantFrom('R', 'E', '2', '0', '/', '.', '_', '-', 'ü', ' ', 'ß', 'x', '€'), {
    minLength: 1,
    maxLength: 64,
  })
  .map((characters) => characters.join(''));

/** SES, stubbed: records each mail and accepts it. */
class StubSes extends SesClient {
  readonly sent: SendEmailInput[] = [];

  override sendEmail(input: SendEmailInput): Promise<{ MessageId?: string }> {
    this.sent.push(input);
    return Promise.resolve({ MessageId: 'message-1' });
  }
}

/** The tags SES received with each mail the mailer sent for these invoice ids, in order. */
async function tagsSentFor(...invoiceIds: string[]) {
  const ses = new StubSes();
  const mailer = new Mailer(ses, 'mahnung@example.com');
  for (const invoiceId of invoiceIds) {
    await mailer.send({ to: 'ap@example.com', subject: 's', text: 't', html: 'h', tags: { invoiceId } });
  }
  return ses.sent.map((input) => input.EmailTags ?? []);
}

function hardBounce(
  tags: Record<string, string[]>,
  bounceType: 'Permanent' | 'Transient' = 'Permanent',
): BusEnvelope {
  return {
    id: 'event-1',
    source: 'aws.ses',
    'detail-type': 'Email Bounced',
    detail: {
      eventType: 'Bounce',
      mail: { messageId: 'message-1', tags },
      bounce: { bounceType },
    },
  };
}

describe('SES message tags', () => {
  it('give back every invoice id they were made from, in characters and length SES accepts', () => {
    fc.assert(
      fc.property(invoiceIds, (invoiceId) => {
        // Arrange, Act
        const tag = encodeMessageTag(invoiceId);

        // Assert
        expect(tag).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
        expect(decodeMessageTag(tag ?? '')).toBe(invoiceId);
      }),
    );
  });

  it('differ for ids that differ only in separators', () => {
    fc.assert(
      fc.property(invoiceIds, invoiceIds, (first, second) => {
        // Arrange
        fc.pre(first !== second);

        // Act, Assert
        expect(encodeMessageTag(first)).not.toBe(encodeMessageTag(second));
      }),
    );
    expect(encodeMessageTag('RE/2026/0001')).not.toBe(encodeMessageTag('RE_2026_0001'));
  });

  it('take a tag written before the encoding only where it is unambiguous', () => {
    // Arrange, Act, Assert
    expect(decodeMessageTag('RE-2026-0001')).toBe('RE-2026-0001');
    expect(decodeMessageTag('RE_2026_0001')).toBeUndefined();
    expect(decodeMessageTag('b64-not*base64')).toBeUndefined();
  });

  it('are left out when an id cannot be encoded within 256 characters, and the mail still goes', async () => {
    // Arrange
    const longId = '請'.repeat(64);

    // Act
    const [tags] = await tagsSentFor(longId);

    // Assert
    expect(tags).toEqual([]);
  });
});

describe('a bounce', () => {
  it('for RE/2026/0001 changes that case and never the case RE_2026_0001', async () => {
    // Arrange
    const [slashTags, underscoreTags] = await tagsSentFor('RE/2026/0001', 'RE_2026_0001');
    const slashTag = slashTags?.find((tag) => tag.Name === 'invoiceId')?.Value ?? '';
    const underscoreTag = underscoreTags?.find((tag) => tag.Name === 'invoiceId')?.Value ?? '';

    // Act
    const slashChange = caseChangeFor(hardBounce({ invoiceId: [slashTag] }), '2026-11-23');
    const underscoreChange = caseChangeFor(hardBounce({ invoiceId: [underscoreTag] }), '2026-11-23');

    // Assert
    expect(slashTag).not.toBe(underscoreTag);
    expect(slashChange?.invoiceId).toBe('RE/2026/0001');
    expect(underscoreChange?.invoiceId).toBe('RE_2026_0001');
  });

  it('whose tag names no case it could be told from another changes nothing', () => {
    // Arrange
    const ambiguous = hardBounce({ invoiceId: ['RE_2026_0001'] });

    // Act
    const change = caseChangeFor(ambiguous, '2026-11-23');

    // Assert
    expect(change).toBeUndefined();
  });

  it('name the customer and day of a combined mail, so its hard bounce reaches every case it listed', () => {
    // Arrange
    const tags = {
      invoiceId: [encodeMessageTag('RE/1') ?? ''],
      customerId: [encodeMessageTag('Kunde 4711/Süd') ?? ''],
      reminderDay: [encodeMessageTag('2027-01-04') ?? ''],
    };

    // Act, Assert
    expect(combinedMailBounceFor(hardBounce(tags))).toEqual({
      customerId: 'Kunde 4711/Süd',
      mailedOn: '2027-01-04',
    });
    expect(combinedMailBounceFor(hardBounce(tags, 'Transient'))).toBeUndefined();
    expect(combinedMailBounceFor(hardBounce({ invoiceId: tags.invoiceId }))).toBeUndefined();
    expect(
      combinedMailBounceFor(hardBounce({ ...tags, reminderDay: [encodeMessageTag('4. Januar') ?? ''] })),
    ).toBeUndefined();
  });
});
