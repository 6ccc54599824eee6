import { z } from 'zod';
import { queueAccess as shippedQueueAccess } from '../../config/policy.json';

/**
 * What the page needs to know about its deployment, read from config.json next to index.html. Locally the
 * shipped file says `local` (the local token issuer, API on the same origin); on AWS the deployment writes
 * the Cognito user pool domain, the app client id and the API's base URL into it.
 */
const queueAccessSchema = z.record(z.string(), z.array(z.string()));

const configSchema = z.discriminatedUnion('auth', [
  z.object({
    auth: z.literal('local'),
    apiBaseUrl: z.string().default(''),
    queueAccess: queueAccessSchema.optional(),
  }),
  z.object({
    auth: z.literal('cognito'),
    apiBaseUrl: z.url(),
    cognito: z.object({
      /** The hosted UI domain, e.g. mahnwesen.auth.eu-central-1.amazoncognito.com (with or without https://). */
      domain: z.string().min(3),
      clientId: z.string().min(1),
      scopes: z.array(z.string()).default(['openid', 'email', 'profile']),
      /** Where Cognito sends the browser back; default: this page's own address. */
      redirectUri: z.url().optional(),
    }),
    queueAccess: queueAccessSchema.optional(),
  }),
]);

export type AppConfig = z.infer<typeof configSchema> & { queueAccess: Record<string, string[]> };

const localDefault = { auth: 'local' as const, apiBaseUrl: '' };

/**
 * The queues each group works, for the queue filter. The API decides access; this only offers the choices.
 * Default: the shipped policy; a deployment with its own policy file writes its queueAccess into config.json.
 */
const defaultQueueAccess: Record<string, string[]> = queueAccessSchema.parse(shippedQueueAccess);

export async function loadConfig(): Promise<AppConfig> {
  let raw: unknown = localDefault;
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-store' });
    // A missing file comes back as index.html from the local gateway's fallback: treat it as local.
    if (response.ok && (response.headers.get('content-type') ?? '').includes('json'))
      raw = await response.json();
  } catch {
    raw = localDefault;
  }
  const parsed = configSchema.parse(raw);
  return { ...parsed, queueAccess: parsed.queueAccess ?? defaultQueueAccess };
}

export function queuesFor(config: AppConfig, groups: readonly string[]): string[] {
  return Object.entries(config.queueAccess)
    .filter(([, allowed]) => allowed.some((group) => groups.includes(group)))
    .map(([queue]) => queue)
    .sort();
}
