import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, sesV2Client } from '../../adapters/clients.js';
import { Mailer } from '../../adapters/mailer.js';
import { SendOnce } from '../../adapters/send-once.js';
import type { OutgoingEmail } from '../../workflow/ports.js';
import type { HandlerConfig } from './config.js';

/** Sent letters are business letters: the idempotency record outlives every retry by far. */
const IDEMPOTENCY_SECONDS = 90 * 24 * 3600;

/** How a function that may send email sends it (functions with the send-email capability only). */
export interface EmailDelivery {
  /** Sends an email at most once per idempotency key, returning the message id of the first send. */
  deliver(idempotencyKey: string, email: OutgoingEmail): Promise<string>;
  /** Idempotency records expire with the invocation if it times out, so a retry is not blocked needlessly. */
  registerLambdaContext(context: Context): void;
}

export type EmailDeliveryFactory = (config: HandlerConfig) => EmailDelivery;

/**
 * SES behind the idempotency table (functions/adapters/send-once.ts). Only the handlers that send email import this
 * module, so the other functions' bundles carry neither the SES client nor the idempotency records.
 */
export const idempotentSesDelivery: EmailDeliveryFactory = (config) => {
  const mailer = new Mailer(sesV2Client(), config.SENDER_ADDRESS, {
    replyTo: config.REPLY_TO_ADDRESS,
    configurationSet: config.SES_CONFIGURATION_SET,
  });
  // One email per key (execution + level, or case + confirmation): a retried step returns the first message id.
  const once = new SendOnce(dynamoDocumentClient, config.IDEMPOTENCY_TABLE_NAME, {
    keepSeconds: IDEMPOTENCY_SECONDS,
    prefix: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'dunning',
  });
  return {
    deliver: (key, email) => once.run(key, () => mailer.send(email)),
    registerLambdaContext: (context) => once.registerRemainingTime(() => context.getRemainingTimeInMillis()),
  };
};
