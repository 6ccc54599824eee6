import { DocumentClient } from './aws/dynamodb.js';
import { EventBridgeClient } from './aws/eventbridge.js';
import { S3Client } from './aws/s3.js';
import { SchedulerClient } from './aws/scheduler.js';
import { SesClient } from './aws/ses.js';
import { StepFunctionsClient } from './aws/stepfunctions.js';

/**
 * One client per service and process, created on first use. Endpoints come from the
 * AWS_ENDPOINT_URL_<SERVICE> variables the SDK also reads, which the local stack sets; on AWS they are unset.
 */
let documentClient: DocumentClient | undefined;
let sesClient: SesClient | undefined;
let sfnClient: StepFunctionsClient | undefined;
let eventBridgeClient: EventBridgeClient | undefined;
let scheduler: SchedulerClient | undefined;
let s3: S3Client | undefined;

export function dynamoDocumentClient(): DocumentClient {
  // Undefined values are left out of every item, as lib-dynamodb's removeUndefinedValues did.
  documentClient ??= new DocumentClient();
  return documentClient;
}

export function sesV2Client(): SesClient {
  sesClient ??= new SesClient();
  return sesClient;
}

export function stepFunctionsClient(): StepFunctionsClient {
  sfnClient ??= new StepFunctionsClient();
  return sfnClient;
}

export function eventsClient(): EventBridgeClient {
  eventBridgeClient ??= new EventBridgeClient();
  return eventBridgeClient;
}

export function schedulerClient(): SchedulerClient {
  scheduler ??= new SchedulerClient();
  return scheduler;
}

export function s3Client(): S3Client {
  // A local S3 endpoint (127.0.0.1) has no bucket subdomains: the client puts the bucket in its path.
  s3 ??= new S3Client();
  return s3;
}
