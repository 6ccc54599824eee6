import * as z from '../domain/zod.js';

/**
 * An answer that sends the client elsewhere (303 See Other with a Location) instead of a body: the one way
 * every route redirects, whether it always does (`redirect: true`) or only for some requests (?format=pdf).
 */
export class SeeOther {
  constructor(readonly location: string) {}

  /** The 303 of a route that always redirects: its validated answer names the `location`. */
  static of(answer: unknown): SeeOther {
    return new SeeOther(z.object({ location: z.url() }).parse(answer).location);
  }
}
