import type { ServerResponse } from 'node:http';

/** The posted letters the local stack rendered, and a download link for one (a presigned URL). */
export interface LocalLetters {
  list(): Promise<{ key: string; lastModified: string }[]>;
  link(key: string): Promise<string>;
}

export const LETTERS_PATH = '/local/letters';
const OPEN_PATH = `${LETTERS_PATH}/open`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The open-link of a letter on the local gateway: it redirects to a fresh presigned URL. */
export const letterOpenPath = (key: string) => `${OPEN_PATH}?key=${encodeURIComponent(key)}`;

/**
 * Local only, like the mailbox page of the SES emulator: `/local/letters` lists every posted letter as a link,
 * `/local/letters/open?key=…` opens one (302 to a presigned URL of the S3 emulator). Only letter keys open.
 */
export async function serveLetters(
  letters: LocalLetters,
  url: URL,
  response: ServerResponse,
): Promise<boolean> {
  if (url.pathname === LETTERS_PATH) {
    const rows = (await letters.list()).map(
      ({ key, lastModified }) =>
        `<li><a href="${escapeHtml(letterOpenPath(key))}">${escapeHtml(key)}</a> <small>${escapeHtml(lastModified)}</small></li>`,
    );
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(
      `<!doctype html><html lang="de"><meta charset="utf-8"><title>Briefe</title><h1>Briefe (PDF)</h1><ul>${rows.join('')}</ul>`,
    );
    return true;
  }
  if (url.pathname === OPEN_PATH) {
    const key = url.searchParams.get('key') ?? '';
    if (!/^cases\/[^/]+\/letters\/[^/]+\.pdf$/.test(key)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no such letter');
      return true;
    }
    response.writeHead(302, { location: await letters.link(key), 'cache-control': 'no-store' });
    response.end();
    return true;
  }
  return false;
}
