import { App } from 'aws-cdk-lib';
import { ConfigError } from '../functions/domain/policy.js';
import { addMahnwesenStacks } from './mahnwesen-app.js';

const app = new App();
try {
  addMahnwesenStacks(app);
} catch (error) {
  // A wrong context value or policy file is the operator's to fix: say which, without a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
