import { PdfFile } from './file.js';
import { PdfFont } from './font.js';
import { dateString, dict, flateStream, formatNumber, name, type PdfRef, textString } from './objects.js';

/** A colour in DeviceRGB, each channel from 0 to 1. */
export interface Color {
  readonly red: number;
  readonly green: number;
  readonly blue: number;
}

export const rgb = (red: number, green: number, blue: number): Color => ({ red, green, blue });

const numbers = (...values: number[]): string => values.map(formatNumber).join(' ');

/** One page: its size in points and the content stream's operators (9.4, 8.5), origin at the bottom left. */
export class PdfPage {
  private readonly operators: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  drawText(text: string, at: { x: number; y: number; size: number; font: PdfFont; color: Color }): void {
    const { red, green, blue } = at.color;
    this.operators.push(
      'q',
      'BT',
      `${numbers(red, green, blue)} rg`,
      `/${at.font.resourceName} ${formatNumber(at.size)} Tf`,
      `1 0 0 1 ${numbers(at.x, at.y)} Tm`,
      `${at.font.encode(text)} Tj`,
      'ET',
      'Q',
    );
  }

  drawLine(line: {
    start: { x: number; y: number };
    end: { x: number; y: number };
    thickness: number;
    color: Color;
  }): void {
    const { red, green, blue } = line.color;
    this.operators.push(
      'q',
      `${numbers(red, green, blue)} RG`,
      `${formatNumber(line.thickness)} w`,
      `${numbers(line.start.x, line.start.y)} m`,
      `${numbers(line.end.x, line.end.y)} l`,
      'S',
      'Q',
    );
  }

  get content(): Uint8Array {
    return new TextEncoder().encode(this.operators.join('\n'));
  }
}

/**
 * A PDF document as the product writes it: pages of text and rules in embedded TrueType subsets, with title,
 * author, language and dates. The output depends only on what was drawn, so the same letter gives the same
 * bytes.
 */
export class PdfDocument {
  private readonly file = new PdfFile();
  private readonly pagesRef: PdfRef = this.file.reserve();
  private readonly pages: PdfPage[] = [];
  private readonly fonts: PdfFont[] = [];
  private readonly info: {
    title?: string;
    author?: string;
    language?: string;
    created?: Date;
    modified?: Date;
  } = {};

  embedFont(bytes: Uint8Array): PdfFont {
    const font = new PdfFont(bytes, this.file.reserve(), `F${this.fonts.length + 1}`);
    this.fonts.push(font);
    return font;
  }

  addPage([width, height]: readonly [number, number]): PdfPage {
    const page = new PdfPage(width, height);
    this.pages.push(page);
    return page;
  }

  setTitle(title: string): void {
    this.info.title = title;
  }

  setAuthor(author: string): void {
    this.info.author = author;
  }

  /** The document's natural language (14.9.2), e.g. de-DE: screen readers and hyphenation follow it. */
  setLanguage(language: string): void {
    this.info.language = language;
  }

  setCreationDate(date: Date): void {
    this.info.created = date;
  }

  setModificationDate(date: Date): void {
    this.info.modified = date;
  }

  save(): Uint8Array {
    const { file, info } = this;
    const fontResources = new Map(this.fonts.map((font) => [font.resourceName, font.ref]));
    const resources = file.add(dict({ Font: fontResources }));
    const kids = this.pages.map((page) =>
      file.add(
        dict({
          Type: name('Page'),
          Parent: this.pagesRef,
          MediaBox: [0, 0, page.width, page.height],
          Resources: resources,
          Contents: file.add(flateStream(page.content)),
        }),
      ),
    );
    file.set(this.pagesRef, dict({ Type: name('Pages'), Kids: kids, Count: kids.length }));
    // Fonts last: only now is every glyph of the subsets known.
    for (const font of this.fonts) font.embed(file);
    const catalog = file.add(
      dict({
        Type: name('Catalog'),
        Pages: this.pagesRef,
        Lang: info.language === undefined ? undefined : textString(info.language),
      }),
    );
    const infoRef = file.add(
      dict({
        Title: info.title === undefined ? undefined : textString(info.title),
        Author: info.author === undefined ? undefined : textString(info.author),
        CreationDate: info.created && dateString(info.created),
        ModDate: info.modified && dateString(info.modified),
      }),
    );
    return file.save({ root: catalog, info: infoRef });
  }
}
