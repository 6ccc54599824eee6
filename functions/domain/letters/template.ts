/**
 * The one renderer for letter templates. A template is plain text with `{{name}}` placeholders; the
 * renderer refuses anything it cannot fill completely, so an unfilled `{{...}}` can never be sent.
 */
export type TemplateFormat = 'text' | 'html';

/** Every placeholder a template may use is a key here; `undefined` marks a known name without a value. */
export type TemplateValues = Readonly<Record<string, string | undefined>>;

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
  ) {
    super(`${message} in template "${template}"`);
    this.name = 'TemplateError';
  }
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

const PLACEHOLDER = /^\{\{([A-Za-z][A-Za-z0-9]*)\}\}$/;

/**
 * Fills `template` in one pass (a value containing `{{x}}` is inserted literally, never expanded).
 * Text: values go in raw. HTML: the template text and every value are escaped, since templates are plain
 * text and markup comes only from the layout. Throws a TemplateError on an unknown placeholder, a
 * placeholder without a value, or a stray brace.
 */
export function renderTemplate(template: string, values: TemplateValues, format: TemplateFormat): string {
  const encode = format === 'html' ? escapeHtml : (value: string) => value;
  return template
    .split(/(\{\{[^{}]*\}\})/)
    .map((part) => {
      const name = PLACEHOLDER.exec(part)?.[1];
      if (name === undefined) {
        if (/[{}]/.test(part))
          throw new TemplateError(`stray or malformed placeholder near "${part}"`, template);
        return encode(part);
      }
      if (!Object.hasOwn(values, name)) throw new TemplateError(`unknown placeholder {{${name}}}`, template);
      const value = values[name];
      if (value === undefined || value === '') {
        throw new TemplateError(`placeholder {{${name}}} has no value`, template);
      }
      return encode(value);
    })
    .join('');
}
