import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { type BaseRateTable, baseRateTableSchema } from '../functions/domain/base-rates.js';
import { bundeslandSchema } from '../functions/domain/calendar.js';
import { ConfigError, describeIssues, type Policy, parsePolicy } from '../functions/domain/policy.js';
import { repositoryRoot } from '../statemachines/asl.js';
import { DEFAULT_INBOUND_SOURCES, inboundSourcesSchema } from './event-rules.js';

/**
 * The context keys an operator sets in cdk.json ("context") or with `-c key=value`. Values given on the
 * command line are strings, so booleans and lists also accept their string forms.
 */
export const contextKeys = [
  'senderAddress',
  'sesIdentity',
  'createSesIdentity',
  'sandboxRecipients',
  'replyToAddress',
  'eventBusName',
  'inboundSources',
  'policyFile',
  'baseRatesFile',
  'bundesland',
  'alarmEmail',
  'webDomainName',
  'webCertificateArn',
  'apiDomainName',
  'apiCertificateArn',
  'callbackUrls',
  'logoutUrls',
  'queueMaxConcurrency',
  'sendingConcurrency',
] as const;
export type ContextKey = (typeof contextKeys)[number];

const CONTEXT_SOURCE = 'cdk context (cdk.json "context" or -c key=value)';

/** Lambda invocations at once per rule queue (SQS event source maxConcurrency; AWS allows 2 to 1000). */
export const DEFAULT_QUEUE_MAX_CONCURRENCY = 5;
/** Reserved concurrency of each function that sends email, so a month-end burst cannot fan out past SES. */
export const DEFAULT_SENDING_CONCURRENCY = 10;

/**
 * Lambda allows 4 KB for all environment variables of a function together. The policy and the base-rate
 * table travel as JSON in two of them; the other variables (names, ARNs, addresses) need about 1 KB.
 */
export const POLICY_AND_RATES_BUDGET_BYTES = 3 * 1024;

const domainPattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const booleanFromContext = z.union(
  [z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')],
  { error: 'must be true or false' },
);
/** A whole number in [min, max]; -c gives it as a string. */
const integerFromContext = (min: number, max: number) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)], { error: 'must be a whole number' })
    .pipe(
      z
        .number()
        .int('must be a whole number')
        .min(min, `must be at least ${min}`)
        .max(max, `must be at most ${max}`),
    );
const emailListFromContext = z.union([
  z.array(z.email()),
  z
    .string()
    .transform((value) => value.split(',').map((address) => address.trim()))
    .pipe(z.array(z.email())),
]);

const sourceListFromContext = z.union([
  z.array(z.string()),
  z.string().transform((value) => value.split(',').map((source) => source.trim())),
]);

/** Cognito accepts https URLs, and plain http only for localhost (a developer's machine). */
const redirectUrl = z.url().refine((value) => {
  // Not a URL at all: z.url() says so already.
  if (!URL.canParse(value)) return true;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
}, 'must be an https URL (or http://localhost)');
const urlListFromContext = z.union([
  z.array(redirectUrl),
  z
    .string()
    .transform((value) => value.split(',').map((url) => url.trim()))
    .pipe(z.array(redirectUrl)),
]);
/** CloudFront takes only certificates from ACM in us-east-1, whatever region the stacks deploy to. */
/** A custom domain of a regional API needs a certificate in the API's own region. */
const regionalCertificateArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:acm:[a-z]{2}(-[a-z]+)+-\d:\d{12}:certificate\/[A-Za-z0-9-]+$/,
    "must be the ARN of an ACM certificate in the stacks' region",
  );

const cloudFrontCertificateArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/,
    'must be the ARN of an ACM certificate in us-east-1 (CloudFront uses no other region)',
  );

const contextSchema = z
  .object({
    /** The From address of every letter; SES must have it (or its domain) verified. */
    senderAddress: z.email(),
    /** The verified SES identity the functions send as: the sender's domain (default) or the address. */
    sesIdentity: z
      .union([z.email(), z.string().regex(domainPattern, 'must be a domain such as example.com')])
      .optional(),
    /** Create the identity in this stack (DKIM records as outputs); false when it is verified already. */
    createSesIdentity: booleanFromContext.default(true),
    /** SES sandbox only: verified recipients the functions may send to (a comma-separated list on -c). */
    sandboxRecipients: emailListFromContext.default([]),
    replyToAddress: z.email().optional(),
    /** The product's own bus; the accounting system puts its events here. */
    eventBusName: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,256}$/, 'must be 1-256 letters, digits, dots, hyphens or underscores')
      .refine((name) => name !== 'default', 'must not be the default bus: the product owns its bus'),
    /** The sources the accounting system puts its events with; the inbound rules match no other. */
    inboundSources: sourceListFromContext.pipe(inboundSourcesSchema).default([...DEFAULT_INBOUND_SOURCES]),
    policyFile: z.string().min(1).default('config/policy.json'),
    baseRatesFile: z.string().min(1).default('config/base-rates.json'),
    /** Overrides policy.state: the Bundesland whose public holidays are not business days. */
    bundesland: z.optional(bundeslandSchema),
    /** Alarms always go to an SNS topic; this address subscribes to it when set. */
    alarmEmail: z.email().optional(),
    /** The caller page's own host name (a CNAME to the distribution); needs webCertificateArn. */
    webDomainName: z
      .string()
      .regex(domainPattern, 'must be a host name such as mahnwesen.example.com')
      .optional(),
    webCertificateArn: cloudFrontCertificateArn.optional(),
    /**
     * The caller API's own host name (a CNAME to its regional endpoint); needs apiCertificateArn. With it,
     * CloudFront reaches the API there and the API's default execute-api endpoint is switched off.
     */
    apiDomainName: z
      .string()
      .regex(domainPattern, 'must be a host name such as api.mahnwesen.example.com')
      .optional(),
    apiCertificateArn: regionalCertificateArn.optional(),
    /** Sign-in return addresses besides the page's own (which is always allowed). */
    callbackUrls: urlListFromContext.default([]),
    /** Sign-out return addresses besides the page's own (which is always allowed). */
    logoutUrls: urlListFromContext.default([]),
    /** Batches each rule queue's consumer works on at once (SQS event source maxConcurrency). */
    queueMaxConcurrency: integerFromContext(2, 1000).default(DEFAULT_QUEUE_MAX_CONCURRENCY),
    /** Reserved concurrency of send-reminder, record-outcome and installment-step, each. */
    sendingConcurrency: integerFromContext(1, 1000).default(DEFAULT_SENDING_CONCURRENCY),
  })
  .superRefine((config, context) => {
    if (config.webDomainName !== undefined && config.webCertificateArn === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['webCertificateArn'],
        message: `is required with webDomainName: CloudFront serves ${config.webDomainName} only with a certificate for it`,
      });
    }
    if (config.webCertificateArn !== undefined && config.webDomainName === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['webDomainName'],
        message: 'is required with webCertificateArn: name the host the certificate is for',
      });
    }
    if ((config.apiDomainName === undefined) !== (config.apiCertificateArn === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [config.apiDomainName === undefined ? 'apiDomainName' : 'apiCertificateArn'],
        message:
          'apiDomainName and apiCertificateArn go together: the API serves its own host name only with a certificate for it',
      });
    }
    const identity = config.sesIdentity ?? domainOf(config.senderAddress);
    if (!senderBelongsTo(config.senderAddress, identity)) {
      context.addIssue({
        code: 'custom',
        path: ['sesIdentity'],
        message: `${identity} does not cover the sender ${config.senderAddress}: use the sender address or its domain`,
      });
    }
  });

/** The deployment configuration as the stacks get it: validated, defaults applied (the context keys above). */
export interface DeploymentConfig {
  /** The From address of every letter. */
  readonly senderAddress: string;
  /** The SES identity the functions send as: the context's, or else the sender's domain. */
  readonly sesIdentity: string;
  /** Whether the workflow stack creates the SES identity (context default: true). */
  readonly createSesIdentity: boolean;
  /** SES sandbox only: the verified recipients (context default: none). */
  readonly sandboxRecipients: string[];
  /**
   * The Reply-To address of every letter.
   *
   * @default - no Reply-To: replies go to the sender address
   */
  readonly replyToAddress?: string;
  /** The product's own event bus. */
  readonly eventBusName: string;
  /** The sources inbound events must come with (context default: DEFAULT_INBOUND_SOURCES). */
  readonly inboundSources: readonly string[];
  /** The policy file as configured, relative to the repository root (context default: config/policy.json). */
  readonly policyFile: string;
  /** The base-rate file as configured (context default: config/base-rates.json). */
  readonly baseRatesFile: string;
  /** Validated, with the Bundesland override applied: what the functions get as DUNNING_POLICY. */
  readonly policy: Policy;
  /** The validated base-rate table: what the functions get as DUNNING_BASE_RATES. */
  readonly baseRates: BaseRateTable;
  /**
   * An address subscribed to the alarm topic.
   *
   * @default - no subscription: alarms reach the SNS topic only
   */
  readonly alarmEmail?: string;
  /**
   * The caller page's custom domain, lower case; set together with webCertificateArn.
   *
   * @default - the distribution's own *.cloudfront.net name
   */
  readonly webDomainName?: string;
  /**
   * The us-east-1 ACM certificate for webDomainName; set together with it.
   *
   * @default - none: CloudFront's default certificate for *.cloudfront.net
   */
  readonly webCertificateArn?: string;
  /**
   * The caller API's custom domain, lower case; set together with apiCertificateArn. With it the API's
   * execute-api endpoint is switched off.
   *
   * @default - none: CloudFront reaches the API through its execute-api endpoint
   */
  readonly apiDomainName?: string;
  /**
   * The ACM certificate for apiDomainName, in the stacks' region; set together with it.
   *
   * @default - none
   */
  readonly apiCertificateArn?: string;
  /** Sign-in return addresses besides the page's own (context default: none). */
  readonly callbackUrls: string[];
  /** Sign-out return addresses besides the page's own (context default: none). */
  readonly logoutUrls: string[];
  /** Concurrent batches per rule queue's consumer (context default: DEFAULT_QUEUE_MAX_CONCURRENCY). */
  readonly queueMaxConcurrency: number;
  /** Reserved concurrency of each email-sending function (context default: DEFAULT_SENDING_CONCURRENCY). */
  readonly sendingConcurrency: number;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** A verified domain covers its addresses and those of its subdomains; a verified address only itself. */
function senderBelongsTo(senderAddress: string, identity: string): boolean {
  const sender = senderAddress.toLowerCase();
  const verified = identity.toLowerCase();
  if (verified.includes('@')) return sender === verified;
  const domain = domainOf(sender);
  return domain === verified || domain.endsWith(`.${verified}`);
}

// Relative paths in the configuration mean the repository root (where cdk.json is), whatever the cwd.
function readJsonFile(key: ContextKey, file: string): unknown {
  const path = isAbsolute(file) ? file : join(repositoryRoot, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(CONTEXT_SOURCE, [`${key}: cannot read ${file}`]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${key} ${file}`, ['(root): must be JSON']);
  }
}

function withState(policy: unknown, bundesland: string | undefined): unknown {
  if (bundesland === undefined || typeof policy !== 'object' || policy === null) return policy;
  return { ...policy, state: bundesland };
}

/**
 * Reads and validates the deployment configuration. `lookup` returns a context value (undefined when
 * unset); an empty string counts as unset, so `-c alarmEmail=` removes a default. Every problem names the
 * context key or the file and field it comes from.
 */
export function loadDeploymentConfig(lookup: (key: ContextKey) => unknown): DeploymentConfig {
  const raw = Object.fromEntries(
    contextKeys.map((key) => {
      const value = lookup(key);
      return [key, value === '' || value === null ? undefined : value];
    }),
  );
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(CONTEXT_SOURCE, describeIssues(parsed.error));
  const context = parsed.data;

  const policy = parsePolicy(
    withState(readJsonFile('policyFile', context.policyFile), context.bundesland),
    `policyFile ${context.policyFile}`,
  );
  const rates = baseRateTableSchema.safeParse(readJsonFile('baseRatesFile', context.baseRatesFile));
  if (!rates.success) {
    throw new ConfigError(`baseRatesFile ${context.baseRatesFile}`, describeIssues(rates.error));
  }
  const size = Buffer.byteLength(JSON.stringify(policy)) + Buffer.byteLength(JSON.stringify(rates.data));
  if (size > POLICY_AND_RATES_BUDGET_BYTES) {
    throw new ConfigError(CONTEXT_SOURCE, [
      `policyFile: ${context.policyFile} and ${context.baseRatesFile} take ${size} bytes as JSON, more than ` +
        `the ${POLICY_AND_RATES_BUDGET_BYTES} bytes Lambda's 4 KB environment leaves for them`,
    ]);
  }

  return {
    senderAddress: context.senderAddress,
    sesIdentity: context.sesIdentity ?? domainOf(context.senderAddress),
    createSesIdentity: context.createSesIdentity,
    sandboxRecipients: context.sandboxRecipients,
    replyToAddress: context.replyToAddress,
    eventBusName: context.eventBusName,
    inboundSources: context.inboundSources,
    policyFile: context.policyFile,
    baseRatesFile: context.baseRatesFile,
    policy,
    baseRates: rates.data,
    alarmEmail: context.alarmEmail,
    webDomainName: context.webDomainName?.toLowerCase(),
    webCertificateArn: context.webCertificateArn,
    apiDomainName: context.apiDomainName?.toLowerCase(),
    apiCertificateArn: context.apiCertificateArn,
    callbackUrls: context.callbackUrls,
    logoutUrls: context.logoutUrls,
    queueMaxConcurrency: context.queueMaxConcurrency,
    sendingConcurrency: context.sendingConcurrency,
  };
}
