import { type App, CfnElement, DefaultStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag AwsSolutions runs as a validation plugin: any finding that is not acknowledged makes synth (and
 * Template.fromStack in the tests) fail. Acknowledgements live next to the resource they concern and say why
 * a security reviewer can accept them.
 */
export function applyAwsSolutionsChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

export const WILDCARD_RESOURCE_FINDING = 'AwsSolutions-IAM5[Resource::*]';

/** The only actions this product grants on Resource '*', each because IAM offers nothing narrower. */
export const WILDCARD_REASONS = {
  xray:
    'the X-Ray tracing actions (xray:PutTraceSegments, PutTelemetryRecords, and for Step Functions ' +
    'GetSamplingRules, GetSamplingTargets) support no resource-level permissions',
  taskToken:
    'states:SendTaskSuccess supports no resource-level permission: the task token, not an ARN, names the ' +
    'waiting task (the Service Authorization Reference lists no resource type for it)',
  logDelivery:
    'the CloudWatch Logs vended-delivery actions Step Functions needs for logging (logs:CreateLogDelivery, ' +
    'GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, ' +
    'DescribeResourcePolicies, DescribeLogGroups) support no resource-level permissions',
} as const;

/**
 * Acknowledges Resource '*' on a construct's roles for the listed reasons. cdk-nag reports all wildcard
 * resources of a policy as one finding, so the IAM tests pin which statements may carry '*'.
 */
export function acknowledgeWildcardResources(scope: IConstruct, reasons: readonly string[]): void {
  Validations.of(scope).acknowledge({
    id: WILDCARD_RESOURCE_FINDING,
    reason: `Resource '*' only where AWS offers no narrower resource: ${reasons.join('; ')}. Every other statement names its ARN.`,
  });
}

/**
 * Acknowledges `execution:<machine>:*` on a function's role: executions are named at run time (inv-<id>, its
 * restarts and continuations), so the executions of one state machine are the narrowest resource IAM offers.
 */
export function acknowledgeExecutionsOf(fn: IConstruct, stateMachineNames: readonly string[]): void {
  for (const name of stateMachineNames) {
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`,
      reason:
        `states:DescribeExecution names an execution by its ARN, execution:${name}:<execution name>; the ` +
        'reconciler looks up executions whose names are made at run time (inv-<invoice id>, its restarts ' +
        '-r<n> and continuations), so the statement covers the executions of this one state machine and ' +
        'nothing else: no other state machine, no other action.',
    });
  }
}

/**
 * Acknowledges `schedule/<group>/*` on a function's role: start schedules are named at run time after the
 * invoice (start-<invoice id>), so the schedules of the product's own group are the narrowest resource.
 */
export function acknowledgeStartSchedules(fn: IConstruct, scheduleGroupName: string): void {
  Validations.of(fn).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduleGroupName}/*]`,
    reason:
      'EventBridge Scheduler names a schedule schedule/<group>/<name>; start-dunning makes one per invoice at ' +
      'run time (start-<invoice id>) and the case events delete it, so the statement covers the schedules of ' +
      "the product's own start group and nothing else: no other group, no other action.",
  });
}

/**
 * Acknowledges what a scheduled invocation of a function keeps on purpose: `role` may invoke the function's
 * versions and aliases too (CDK's grantInvoke), and `deadLetterQueue` has no dead-letter queue of its own.
 */
export function acknowledgeScheduledInvocation(parts: {
  fn: IConstruct;
  role: IConstruct;
  deadLetterQueue: IConstruct;
}): void {
  Validations.of(parts.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(parts.fn)}.Arn>:*]`,
    reason:
      "EventBridge Scheduler's role may invoke this one function; CDK's grantInvoke adds <function ARN>:* so " +
      'that a version or alias of the same function may be invoked too. No other function, no other action.',
  });
  acknowledgeScheduleDeadLetters(parts.deadLetterQueue);
}

/** A dead-letter queue of schedules and of the function they invoke has no dead-letter queue of its own. */
export function acknowledgeScheduleDeadLetters(deadLetterQueue: IConstruct): void {
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue: of the schedule (invocations EventBridge Scheduler could not ' +
      'deliver) and of the function (runs that failed after their retries). Its alarm fires on the first ' +
      'message; a dead-letter queue behind it would have nothing to catch.',
  });
}

/** Acknowledges the findings a CloudFront distribution of this product keeps on purpose. */
export function acknowledgeDistribution(distribution: IConstruct, options: { customDomain: boolean }): void {
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR1',
    reason:
      'No geo restriction: callers and supervisors work from wherever their employer lets them (home office, ' +
      'travel, VPN exits abroad); every API call needs a Cognito token with MFA, and the page itself holds ' +
      'no data. Add geoRestriction to the distribution if your policy requires it.',
  });
  Validations.of(distribution).acknowledge({
    id: 'AwsSolutions-CFR2',
    reason:
      'No AWS WAF web ACL by default: a web ACL costs a monthly fee plus per-request charges, out of ' +
      'proportion for an internal page used by a few people; the API needs a Cognito token with MFA for ' +
      'every call, API Gateway throttles the stage and Cognito threat protection guards sign-in. The README ' +
      '(Deploy) shows how to attach a web ACL (webAclId of the distribution).',
  });
  if (!options.customDomain) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose ' +
        'security policy CloudFront fixes at TLSv1; nobody can raise it. With webDomainName and ' +
        'webCertificateArn configured (README, Deploy) the distribution requires TLSv1.2_2021 and this ' +
        'acknowledgement is not made. Browsers negotiate TLS 1.2 or 1.3 with CloudFront either way, and the ' +
        'origins (S3, API Gateway) are reached over TLS 1.2.',
    });
  }
}

/**
 * Acknowledges what CDK's BucketDeployment brings along: its Lambda's runtime (chosen and updated by
 * aws-cdk-lib) and the wildcard S3 actions of its grants, which read the CDK asset bucket and write the page
 * bucket only. `handler` is the deployment's Lambda, `role` the role it runs as, `pageBucket` the bucket
 * it writes to.
 */
export function acknowledgePageDeployment(parts: {
  handler: IConstruct;
  role: IConstruct;
  pageBucket: IConstruct;
}): void {
  Validations.of(parts.handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      "CDK's BucketDeployment provides this Lambda (Python with the AWS CLI layer) and pins its runtime; " +
      'it runs only during a deployment, never on a request, and moves to a newer runtime with aws-cdk-lib.',
  });
  const stack = Stack.of(parts.pageBucket);
  // The asset bucket's name carries the bootstrap qualifier (`cdk bootstrap --qualifier`).
  const qualifier =
    (stack.synthesizer instanceof DefaultStackSynthesizer
      ? stack.synthesizer.bootstrapQualifier
      : undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const findings = [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`,
    `Resource::<${logicalIdOf(parts.pageBucket)}.Arn>/*`,
  ];
  for (const finding of findings) {
    Validations.of(parts.role).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason:
        "CDK's BucketDeployment grants its upload Lambda s3:GetBucket*, s3:GetObject* and s3:List* on the " +
        "CDK asset bucket (to fetch the page's zip files) and, on the page bucket only, these plus " +
        's3:PutObject*, s3:Abort* and s3:DeleteObject* (to write the page). The action wildcards are CDK ' +
        'read/write grant groups; the resources are exactly these two buckets and their objects, whose keys ' +
        'are known only at deployment. The Lambda runs only during a deployment.',
    });
  }
}

function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(resource).getLogicalId(resource);
}
