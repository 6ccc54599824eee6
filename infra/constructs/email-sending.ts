import { CfnOutput, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** The verified identity (domain or address) the functions send as. */
  readonly sesIdentity: string;
  /** Create the identity here; false when the account has it verified already (SES allows it once). */
  readonly createIdentity: boolean;
  /** SES sandbox only: verified recipients, which SES also authorizes the sender against; empty outside it. */
  readonly sandboxRecipients: readonly string[];
}

/**
 * How reminders leave: an SES configuration set whose hard bounces and complaints go to EventBridge. SES
 * publishes them on the account's DEFAULT bus with source aws.ses, so the rule that consumes them lives
 * there, not on the product's bus.
 */
export class EmailSending extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** What ses:SendEmail is authorized against: the identity, the configuration set, sandbox recipients. */
  readonly sendEmailResourceArns: string[];

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // Addresses that bounced hard or complained are not mailed again (the case moves to phone and letter).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('ToDefaultEventBus', {
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    if (props.createIdentity) {
      const identity = new EmailIdentity(this, 'Identity', {
        identity: props.sesIdentity.includes('@')
          ? Identity.email(props.sesIdentity)
          : Identity.domain(props.sesIdentity),
        configurationSet: this.configurationSet,
      });
      if (!props.sesIdentity.includes('@')) {
        identity.dkimRecords.forEach((record, index) => {
          new CfnOutput(this, `DkimRecord${index + 1}`, {
            description: `CNAME record ${index + 1} of 3 to publish in DNS for Easy DKIM of ${props.sesIdentity}`,
            value: `${record.name} CNAME ${record.value}`,
          });
        });
      }
    }

    const identityArn = (identity: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity });
    this.sendEmailResourceArns = [
      identityArn(props.sesIdentity),
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
      }),
      ...props.sandboxRecipients.map(identityArn),
    ];
  }

  grantSendEmail(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: this.sendEmailResourceArns }),
    );
  }
}
