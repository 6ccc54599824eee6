import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One client per service and process, created on first use. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_<SERVICE> variables, which the local stack sets; on AWS they are unset.
 */
let documentClient: DynamoDBDocumentClient | undefined;
let sesClient: SESv2Client | undefined;
let sfnClient: SFNClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;
let scheduler: SchedulerClient | undefined;
let s3: S3Client | undefined;

export function dynamoDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function sesV2Client(): SESv2Client {
  sesClient ??= new SESv2Client({});
  return sesClient;
}

export function stepFunctionsClient(): SFNClient {
  sfnClient ??= new SFNClient({});
  return sfnClient;
}

export function eventsClient(): EventBridgeClient {
  eventBridgeClient ??= new EventBridgeClient({});
  return eventBridgeClient;
}

export function schedulerClient(): SchedulerClient {
  scheduler ??= new SchedulerClient({});
  return scheduler;
}

export function s3Client(): S3Client {
  // A local S3 endpoint (127.0.0.1) has no bucket subdomains: there the bucket goes in the path.
  s3 ??= new S3Client({ forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined });
  return s3;
}
