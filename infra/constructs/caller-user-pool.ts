import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { type Group, groupSchema } from '../../functions/api/principal.js';

/** What each group of the caller API is for (the handler grants by these names: functions/api/principal.ts). */
const GROUP_DESCRIPTIONS: Readonly<Record<Group, string>> = {
  callers: 'Work the tasks of the queues the dunning policy (queueAccess) gives callers',
  supervisors: 'Cases (hold, resume), the reports, and the tasks of the queues the policy gives supervisors',
};

/** Long enough for a strong passphrase policy without being hostile; Cognito allows 6 to 99. */
export const MINIMUM_PASSWORD_LENGTH = 12;

/**
 * The people who use the caller API: a Cognito user pool that only administrators add people to (no self
 * sign-up), with one group per role of the API. Sign-in needs a password and a TOTP authenticator app; the
 * Plus plan's threat protection blocks sign-ins with leaked credentials and risky ones. The pool holds
 * identities and MFA enrolments, so it is retained and protected from deletion like the business records.
 */
export class CallerUserPool extends Construct {
  readonly userPool: UserPool;
  readonly groups: ReadonlyMap<Group, UserPoolGroup>;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Administrators create callers (`aws cognito-idp admin-create-user`): nobody signs up on their own.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      // `name` goes on the timeline as the person who recorded an outcome; admins set it when they invite.
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      passwordPolicy: {
        minLength: MINIMUM_PASSWORD_LENGTH,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // An authenticator app for everyone: the API shows customers' debts and contact data. No SMS (cost,
      // SIM swapping); the hosted UI enrols the app with a QR code at the first sign-in.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, adaptive authentication) in enforcing mode.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const groups = new Map<Group, UserPoolGroup>();
    for (const [precedence, group] of groupSchema.options.entries()) {
      groups.set(
        group,
        new UserPoolGroup(this, `${group}Group`, {
          userPool: this.userPool,
          groupName: group,
          description: GROUP_DESCRIPTIONS[group],
          precedence,
        }),
      );
    }
    this.groups = groups;
  }
}
