/**
 * Dunning letters (emails) as pure functions: the catalogue holds the wording per locale and tone, one
 * template renderer fills it, and renderLetter lays it out as subject, plain text and HTML.
 */
export { type Catalogue, catalogues, PLACEHOLDERS, type Placeholder, type Stage } from './catalogue.js';
export {
  type CombinedInvoice,
  type CombinedLetterInput,
  type ComposedCombinedLetter,
  combinedLetterInputSchema,
  composeCombinedLetter,
  highestStage,
  MAX_COMBINED_INVOICES,
  renderCombinedLetter,
} from './combined.js';
export { type LetterInput, letterInputSchema } from './input-schema.js';
export { type Block, type LetterValues, type Row, render, type Text } from './layout.js';
export {
  type ComposedLetter,
  composeLetter,
  formatIban,
  formatLetterDate,
  formatRate,
  type RenderedLetter,
  renderLetter,
} from './letter.js';
export {
  type Letterhead,
  type LetterKind,
  letterCreditorSchema,
  letterheadSchema,
  letterKindSchema,
  type PostalAddress,
  postalAddressSchema,
  type Tone,
  toneSchema,
} from './schema.js';
export {
  escapeHtml,
  renderTemplate,
  TemplateError,
  type TemplateFormat,
  type TemplateValues,
} from './template.js';
