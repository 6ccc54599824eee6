import { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { z } from 'zod';

/** The logical id CloudFormation knows a construct's main resource by. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}

const statementSchema = z.object({
  Effect: z.enum(['Allow', 'Deny']),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.union([z.unknown().array(), z.unknown()]),
});
const policySchema = z.object({
  Properties: z.object({
    PolicyDocument: z.object({ Statement: z.array(statementSchema) }),
    Roles: z.array(z.object({ Ref: z.string() })),
  }),
});

/** Every action a role may take, with the resources each is allowed on (statements flattened). */
export function permissionsOfRole(template: Template, roleLogicalId: string): Map<string, unknown[]> {
  const permissions = new Map<string, unknown[]>();
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const { Properties } = policySchema.parse(policy);
    if (!Properties.Roles.some((role) => role.Ref === roleLogicalId)) continue;
    for (const statement of Properties.PolicyDocument.Statement) {
      if (statement.Effect !== 'Allow') continue;
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      for (const action of actions)
        permissions.set(action, [...(permissions.get(action) ?? []), ...resources]);
    }
  }
  return permissions;
}

/** A template value as one string, to look for a name or an ARN fragment inside Fn::Join and friends. */
export function flat(value: unknown): string {
  return JSON.stringify(value);
}

export const resourcePropertiesSchema = z.object({ Properties: z.record(z.string(), z.unknown()) });

/** The Properties of the one resource with this logical id. */
export function propertiesOf(template: Template, logicalId: string): Record<string, unknown> {
  const resource = template.toJSON().Resources?.[logicalId];
  return resourcePropertiesSchema.parse(resource).Properties;
}

/** The Properties of every resource of a type. */
export function resourcesOf(template: Template, type: string): Record<string, unknown>[] {
  return Object.values(template.findResources(type)).map(
    (resource) => resourcePropertiesSchema.parse(resource).Properties,
  );
}
