import type * as z from '../domain/zod.js';
import type { Problem } from './schemas.js';

/** An error the API answers with an RFC 9457 problem document instead of a 500. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Problem['errors'],
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }

  toProblem(instance?: string): Problem {
    return {
      type: `https://mahnwesen.dev/problems/${this.title.toLowerCase().replaceAll(' ', '-')}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** A zod failure as a 400 (or 422) that names each field: `outcome.promisedOn: must be a calendar date`. */
export function invalidInput(
  error: z.core.$ZodError,
  where: 'body' | 'query' | 'path',
  status = 400,
): ProblemError {
  const errors = error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  return new ProblemError(
    status,
    'Invalid request',
    errors.map((problem) => `${problem.path}: ${problem.message}`).join('; '),
    errors,
  );
}

export const notFound = (what: string) => new ProblemError(404, 'Not found', `${what} does not exist`);
export const forbidden = (detail: string) => new ProblemError(403, 'Forbidden', detail);
export const conflict = (detail: string) => new ProblemError(409, 'Conflict', detail);
