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
  Condition: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
type Statement = z.infer<typeof statementSchema>;
const policySchema = z.object({
  Properties: z.object({
    PolicyDocument: z.object({ Statement: z.array(statementSchema) }),
    Roles: z.array(z.object({ Ref: z.string() })),
  }),
});

/** The Allow statements of the policies attached to a role. */
function allowStatementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .map((policy) => policySchema.parse(policy).Properties)
    .filter((properties) => properties.Roles.some((role) => role.Ref === roleLogicalId))
    .flatMap((properties) => properties.PolicyDocument.Statement)
    .filter((statement) => statement.Effect === 'Allow');
}

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

/** Every action a role may take, with the resources each is allowed on (statements flattened). */
export function permissionsOfRole(template: Template, roleLogicalId: string): Map<string, unknown[]> {
  const permissions = new Map<string, unknown[]>();
  for (const statement of allowStatementsOfRole(template, roleLogicalId)) {
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const action of actionsOf(statement))
      permissions.set(action, [...(permissions.get(action) ?? []), ...resources]);
  }
  return permissions;
}

/** The conditions of every Allow statement that grants a role `action` (undefined: unconditional). */
export function conditionsOfRole(
  template: Template,
  roleLogicalId: string,
  action: string,
): (Statement['Condition'] | undefined)[] {
  return allowStatementsOfRole(template, roleLogicalId)
    .filter((statement) => actionsOf(statement).includes(action))
    .map((statement) => statement.Condition);
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
