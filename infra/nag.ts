import { type App, Validations } from 'aws-cdk-lib';
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
