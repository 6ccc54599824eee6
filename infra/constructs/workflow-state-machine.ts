import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { readAsl, repositoryRoot, substitutionsIn } from '../../statemachines/asl.js';

export interface WorkflowStateMachineProps {
  /** Fixed, so other resources can know the ARN without referencing this resource (no dependency cycles). */
  readonly stateMachineName: string;
  /** The ASL file, relative to the repository root. */
  readonly definitionFile: string;
  /** A value for every `${...}` placeholder of the ASL file, no more and no fewer. */
  readonly substitutions: Readonly<Record<string, string>>;
  /** Functions the Task states invoke (unqualified ARNs, as the ASL names them). */
  readonly invokedFunctionArns: readonly string[];
  /** State machines the startExecution tasks start (fire-and-forget, not .sync); may be empty. */
  readonly startedStateMachineArns: readonly string[];
}

/**
 * A Standard state machine from its ASL file with definition substitutions, every event logged to its own
 * log group, X-Ray tracing, and a role that may invoke exactly the listed functions and start exactly the
 * listed state machines.
 */
export class WorkflowStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    assertSubstitutionsMatch(props.definitionFile, readAsl(props.definitionFile), props.substitutions);

    // The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy small for log delivery.
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(join(repositoryRoot, props.definitionFile)),
      definitionSubstitutions: { ...props.substitutions },
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: LogLevel.ALL,
        // Inputs and outputs carry customer contact data and task tokens; the execution history has them.
        includeExecutionData: false,
      },
    });

    // Explicit statements: CDK cannot see the Task resources of a definition read from a file.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...props.invokedFunctionArns],
      }),
    );
    if (props.startedStateMachineArns.length > 0) {
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [...props.startedStateMachineArns],
        }),
      );
    }
  }
}

function assertSubstitutionsMatch(
  file: string,
  asl: string,
  substitutions: Readonly<Record<string, string>>,
): void {
  const needed = substitutionsIn(asl);
  const given = Object.keys(substitutions).sort();
  const missing = needed.filter((name) => !given.includes(name));
  const unused = given.filter((name) => !needed.includes(name));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `${file}: substitutions do not match the placeholders (missing: ${missing.join(', ') || 'none'}; ` +
        `not in the file: ${unused.join(', ') || 'none'})`,
    );
  }
}
