import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient, sesV2Client } from '../../adapters/clients.js';
import { IdempotencyStore } from '../../adapters/idempotency-store.js';
import { Mailer } from '../../adapters/mailer.js';
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
 * SES behind Powertools idempotency (DynamoDB persistence through functions/adapters/idempotency-store.ts). Only the handlers that send email import this
 * module, so the other functions' bundles carry neither the SES client nor Powertools idempotency.
 */
export const idempotentSesDelivery: EmailDeliveryFactory = (config) => {
  const mailer = new Mailer(sesV2Client(), config.SENDER_ADDRESS, {
    replyTo: config.REPLY_TO_ADDRESS,
    configurationSet: config.SES_CONFIGURATION_SET,
  });
  // Powertools idempotency on the product's own DynamoDB client (its DynamoDBPersistenceLayer needs the SDK).
  const persistenceStore = new IdempotencyStore(dynamoDocumentClient, config.IDEMPOTENCY_TABLE_NAME);
  // One email per key (execution + level, or case + confirmation): a retried step returns the first message id.
  const idempotencyConfig = new IdempotencyConfig({ expiresAfterSeconds: IDEMPOTENCY_SECONDS });
  const deliver = makeIdempotent((_key: string, email: OutgoingEmail) => mailer.send(email), {
    persistenceStore,
    dataIndexArgument: 0,
    config: idempotencyConfig,
  });
  return { deliver, registerLambdaContext: (context) => idempotencyConfig.registerLambdaContext(context) };
};
