import { describe, expect, it } from 'vitest';
import {
  catalogues,
  type LetterInput,
  letterInputSchema,
  letterKindSchema,
  PLACEHOLDERS,
  renderLetter,
  renderTemplate,
  TemplateError,
  toneSchema,
} from '../../functions/domain/letters/index.js';

const NBSP = '\u00a0';

function letter(overrides: Partial<LetterInput> = {}): LetterInput {
  return {
    kind: 'reminder',
    reminderNumber: 1,
    locale: 'de',
    tone: 'neutral',
    customerName: 'Beispiel Handels GmbH',
    contactName: 'Anna Schmidt',
    invoiceNumber: 'RE-2026-0815',
    orderNumber: 'PO-4711',
    invoiceDate: '2026-11-15',
    dueDate: '2026-12-15',
    currency: 'EUR',
    principalCents: 123_456,
    interestLines: [{ from: '2026-12-16', through: '2026-12-31', ratePercent: '10.27', cents: 556 }],
    costLines: [{ kind: 'lump-sum', cents: 4_000 }],
    paidCents: 10_000,
    totalCents: 118_012,
    payBy: '2027-01-14',
    creditor: {
      name: 'Muster Maschinenbau GmbH',
      addressLines: ['Musterstraße 1', '10115 Berlin'],
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
      email: 'forderungen@muster-maschinenbau.de',
      phone: '+49 30 1234567',
    },
    creditBureauNotice: false,
    inkassoAgency: 'Inkasso Nord GmbH',
    promise: { date: '2027-01-10', cents: 118_012 },
    installments: [
      { dueDate: '2027-01-15', cents: 60_000 },
      { dueDate: '2027-02-15', cents: 58_012 },
    ],
    ...overrides,
  };
}

/** The same letter with every optional part left out, so no template may rely on it. */
const minimal: Partial<LetterInput> = {
  contactName: undefined,
  orderNumber: undefined,
  inkassoAgency: undefined,
  interestLines: [],
  costLines: [],
  paidCents: 0,
  principalCents: 118_012,
};

const IBAN = 'DE89 3704 0044 0532 0130 00';
const combinations = letterKindSchema.options.flatMap((kind) =>
  (['de', 'en'] as const).flatMap((locale) => toneSchema.options.map((tone) => ({ kind, locale, tone }))),
);

describe('renderLetter', () => {
  it.each(combinations)(
    'renders a complete $kind letter in $locale with a $tone tone',
    ({ kind, locale, tone }) => {
      // Arrange
      const total = locale === 'de' ? `1.180,12${NBSP}€` : '€1,180.12';
      const inputs = [letter({ kind, locale, tone }), letter({ kind, locale, tone, ...minimal })];

      for (const input of inputs) {
        // Act
        const rendered = renderLetter(input);

        // Assert
        for (const output of [rendered.subject, rendered.text, rendered.html]) {
          expect(output).not.toContain('{{');
          expect(output).not.toContain('}}');
          expect(output).toContain('RE-2026-0815');
        }
        for (const body of [rendered.text, rendered.html]) {
          expect(body).toContain(total);
          expect(body).toContain(IBAN);
          expect(body).toContain('COBADEFFXXX');
          expect(body).toContain('forderungen@muster-maschinenbau.de');
        }
        expect(rendered.html.startsWith('<!DOCTYPE html>')).toBe(true);
        expect(rendered.html).not.toMatch(/<script|src=|https?:/);
      }
    },
  );

  it('renders reminders 3 and later as a further reminder in both locales', () => {
    // Arrange
    const inputs = [letter({ reminderNumber: 3 }), letter({ reminderNumber: 7, locale: 'en' })];

    // Act
    const subjects = inputs.map((input) => renderLetter(input).subject);

    // Assert
    expect(subjects).toEqual([
      'Erneute Mahnung: Rechnung RE-2026-0815',
      'Further reminder of overdue payment: invoice RE-2026-0815',
    ]);
  });

  it('escapes hostile customer data in the HTML and keeps it raw in the plain text', () => {
    // Arrange
    const input = letter({
      customerName: '<script>alert(1)</script> & "Co"',
      contactName: "Siobhan O'Brien",
    });

    // Act
    const rendered = renderLetter(input);

    // Assert
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(rendered.html).toContain('Siobhan O&#39;Brien');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.text).toContain('<script>alert(1)</script> & "Co"');
    expect(rendered.text).toContain("Guten Tag Siobhan O'Brien,");
  });

  it('carries the credit-bureau pre-notice in the first reminder only when it is enabled', () => {
    // Arrange
    const withNotice = [
      letter({ creditBureauNotice: true }),
      letter({ creditBureauNotice: true, locale: 'en' }),
    ];
    const withoutNotice = [letter(), letter({ locale: 'en' })];

    // Act
    const [de, en] = withNotice.map((input) => renderLetter(input));
    const silent = withoutNotice.map((input) => renderLetter(input));

    // Assert
    expect(de?.text).toContain('Hinweis nach § 31 Abs. 2 Nr. 4 BDSG');
    expect(de?.html).toContain('Hinweis nach § 31 Abs. 2 Nr. 4 BDSG');
    expect(en?.text).toContain('Notice under § 31 (2) no. 4 BDSG');
    for (const rendered of silent) {
      expect(rendered.text).not.toContain('BDSG');
      expect(rendered.html).not.toContain('BDSG');
    }
  });

  it('announces the Inkasso handover in the final notice, names the agency and the credit-bureau report', () => {
    // Arrange
    const german = letter({ kind: 'final', creditBureauNotice: true });
    const english = letter({ kind: 'final', locale: 'en' });
    const unnamed = letter({ kind: 'final', inkassoAgency: undefined });

    // Act
    const [de, en, anonymous] = [german, english, unnamed].map((input) => renderLetter(input));

    // Assert
    expect(de?.subject).toContain('Inkassounternehmen');
    expect(de?.text).toContain('übergeben wir die Forderung an das Inkassounternehmen Inkasso Nord GmbH');
    expect(de?.html).toContain('Inkassounternehmen Inkasso Nord GmbH');
    expect(de?.text).toContain('an eine Auskunftei melden');
    expect(de?.text).toContain('§ 31 Abs. 2 Nr. 4 BDSG');
    expect(en?.text).toContain('hand the claim over to the collection agency Inkasso Nord GmbH');
    expect(en?.text).not.toContain('BDSG');
    expect(anonymous?.text).toContain('übergeben wir die Forderung an ein Inkassounternehmen.');
  });

  it('words the second reminder more firmly than the polite first one', () => {
    // Arrange
    const first = letter({ reminderNumber: 1 });
    const second = letter({ reminderNumber: 2 });

    // Act
    const [one, two] = [first, second].map((input) => renderLetter(input));

    // Assert
    expect(one?.subject).toBe('Zahlungserinnerung: Rechnung RE-2026-0815');
    expect(two?.subject).toBe('Mahnung: Rechnung RE-2026-0815');
    expect(one?.text).toContain('übersehen');
    expect(two?.text).not.toContain('übersehen');
    expect(two?.text).toContain('trotz unserer Zahlungserinnerung');
    expect(renderLetter(letter({ locale: 'en' })).text).toContain('overlooked');
  });

  it('changes the wording with the tone for every kind', () => {
    for (const kind of letterKindSchema.options) {
      // Arrange
      const inputs = toneSchema.options.map((tone) => letter({ kind, tone }));

      // Act
      const texts = inputs.map((input) => renderLetter(input).text);

      // Assert
      expect(new Set(texts).size).toBe(toneSchema.options.length);
    }
  });

  it('formats amounts and dates the German and the English way', () => {
    // Arrange
    const german = letter();
    const english = letter({ locale: 'en' });

    // Act
    const [de, en] = [german, english].map((input) => renderLetter(input).text);

    // Assert
    expect(de).toContain(`Hauptforderung: 1.234,56${NBSP}€`);
    expect(de).toContain('Fällig am: 15.12.2026');
    expect(de).toContain('Zahlbar bis: 14.01.2027');
    expect(en).toContain('Principal: €1,234.56');
    expect(en).toContain('Due date: 15 December 2026');
  });

  it('itemises interest with rate and period, costs, payments and the order number', () => {
    // Arrange
    const input = letter({ costLines: [{ kind: 'lump-sum', cents: 4_000 }], locale: 'de' });

    // Act
    const [de, en] = [input, { ...input, locale: 'en' as const }].map((item) => renderLetter(item).text);

    // Assert
    expect(de).toContain(`Verzugszinsen 10,27 % p. a. vom 16.12.2026 bis 31.12.2026: 5,56${NBSP}€`);
    expect(de).toContain(`Verzugspauschale (§ 288 Abs. 5 BGB): 40,00${NBSP}€`);
    expect(de).toContain(`Abzüglich erhaltener Zahlungen: -100,00${NBSP}€`);
    expect(de).toContain('Ihre Bestellnummer: PO-4711');
    expect(de).toContain('Verwendungszweck: RE-2026-0815');
    expect(en).toContain('Default interest at 10.27% p.a. from 16 December 2026 to 31 December 2026: €5.56');
  });

  it('lists every agreed rate in an installment confirmation and the promise in a promise confirmation', () => {
    // Arrange
    const plan = letter({ kind: 'installment-confirmation' });
    const promise = letter({ kind: 'promise-confirmation', promise: { date: '2027-01-10', cents: 50_000 } });

    // Act
    const [rates, promised] = [plan, promise].map((input) => renderLetter(input).text);

    // Assert
    expect(rates).toContain(`1. Rate, fällig am 15.01.2027: 600,00${NBSP}€`);
    expect(rates).toContain(`2. Rate, fällig am 15.02.2027: 580,12${NBSP}€`);
    expect(promised).toContain(`500,00${NBSP}€ bis zum 10.01.2027`);
  });
});

describe('a reminder after a rejected dispute', () => {
  it.each(
    (['de', 'en'] as const).flatMap((locale) =>
      toneSchema.options.flatMap((tone) =>
        (['charged', 'waived'] as const).map((interest) => ({ locale, tone, interest })),
      ),
    ),
  )(
    'says in $locale ($tone) that the dispute period’s interest was $interest',
    ({ locale, tone, interest }) => {
      // Arrange
      const expected = {
        de: {
          charged: 'bestand Ihr Verzug fort (§ 286 Abs. 4 BGB)',
          waived: 'erlassen wir Ihnen aus Kulanz',
        },
        en: {
          charged: 'your default continued (§ 286 (4) BGB)',
          waived: 'As a gesture of goodwill, we waive the default interest',
        },
      }[locale][interest];

      // Act
      const { text } = renderLetter(letter({ locale, tone, rejectedDisputeInterest: interest }));
      const without = renderLetter(letter({ locale, tone })).text;

      // Assert
      expect(text).toContain(expected);
      expect(without).not.toContain(expected);
    },
  );
});

describe('renderTemplate', () => {
  it('fills placeholders, raw in text and escaped in HTML', () => {
    // Arrange
    const values = { name: 'A & <B>' };

    // Act
    const text = renderTemplate('Hello {{name}}!', values, 'text');
    const html = renderTemplate('Hello {{name}} & co!', values, 'html');

    // Assert
    expect(text).toBe('Hello A & <B>!');
    expect(html).toBe('Hello A &amp; &lt;B&gt; &amp; co!');
  });

  it('throws on an unknown placeholder, including names from the object prototype', () => {
    // Arrange
    const values = { name: 'Anna' };

    // Act
    const unknown = () => renderTemplate('Hello {{nobody}}', values, 'text');
    const inherited = () => renderTemplate('Hello {{constructor}}', values, 'html');

    // Assert
    expect(unknown).toThrow(TemplateError);
    expect(unknown).toThrow('unknown placeholder {{nobody}}');
    expect(inherited).toThrow('unknown placeholder {{constructor}}');
  });

  it('throws when a placeholder has no value or is malformed', () => {
    // Arrange
    const values = { name: undefined, empty: '' };

    // Act
    const missing = () => renderTemplate('Hello {{name}}', values, 'text');
    const empty = () => renderTemplate('Hello {{empty}}', values, 'text');
    const malformed = () => renderTemplate('Hello {{ name }}', values, 'text');
    const unclosed = () => renderTemplate('Hello {{name', values, 'text');

    // Assert
    expect(missing).toThrow('placeholder {{name}} has no value');
    expect(empty).toThrow('placeholder {{empty}} has no value');
    expect(malformed).toThrow(TemplateError);
    expect(unclosed).toThrow(TemplateError);
  });

  it('never expands placeholders that arrive inside a value', () => {
    // Arrange
    const values = { name: '{{secret}}', secret: 'leaked' };

    // Act
    const text = renderTemplate('Hello {{name}}', values, 'text');

    // Assert
    expect(text).toBe('Hello {{secret}}');
  });

  it('finds only known placeholders in the whole catalogue', () => {
    // Arrange
    const strings: string[] = [];
    const collect = (node: unknown): void => {
      if (typeof node === 'string') strings.push(node);
      else if (node && typeof node === 'object') Object.values(node).forEach(collect);
    };
    collect(catalogues);
    const known = new Set<string>(PLACEHOLDERS);

    // Act
    const used = strings.flatMap((template) =>
      [...template.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]),
    );

    // Assert
    expect(strings.length).toBeGreaterThan(100);
    expect(used.filter((name) => name === undefined || !known.has(name))).toEqual([]);
  });
});

describe('letterInputSchema', () => {
  it('rejects a promise confirmation without a promise, naming the field', () => {
    // Arrange
    const input = letter({ kind: 'promise-confirmation', promise: undefined });

    // Act
    const result = letterInputSchema.safeParse(input);

    // Assert
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((candidate) => candidate.path.join('.') === 'promise');
    expect(issue?.message).toContain('promise is required');
    expect(() => renderLetter(input)).toThrow('promise is required');
  });

  it('rejects an installment confirmation without rates, a reminder without number and an account that does not add up', () => {
    // Arrange
    const inputs = [
      letter({ kind: 'installment-confirmation', installments: [] }),
      letter({ reminderNumber: undefined }),
      letter({ totalCents: 118_013 }),
    ];

    // Act
    const paths = inputs.map((input) =>
      letterInputSchema.safeParse(input).error?.issues.map((issue) => issue.path.join('.')),
    );

    // Assert
    expect(paths).toEqual([['installments'], ['reminderNumber'], ['totalCents']]);
  });

  it('rejects an IBAN with wrong check digits and multi-line names', () => {
    // Arrange
    const base = letter();
    const input = letter({
      customerName: 'Evil\nBcc: someone@example.com',
      creditor: { ...base.creditor, iban: 'DE88370400440532013000' },
    });

    // Act
    const result = letterInputSchema.safeParse(input);

    // Assert
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['customerName', 'creditor.iban']);
  });
});
