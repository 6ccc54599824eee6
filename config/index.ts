import { type BaseRateTable, baseRateTableSchema } from '../functions/domain/base-rates.js';
import { ConfigError, describeIssues, type Policy, parsePolicy } from '../functions/domain/policy.js';
import baseRatesJson from './base-rates.json' with { type: 'json' };
import policyJson from './policy.json' with { type: 'json' };

/**
 * The configuration the product runs with, validated when first imported so a broken file fails at synth
 * or cold start. A deployment may replace the shipped files with its own (the CDK app passes them as
 * DUNNING_POLICY / DUNNING_BASE_RATES, already validated at synth).
 */
function fromEnvironment(name: string): unknown {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(name, ['(root): must be JSON']);
  }
}

export function parseBaseRateTable(input: unknown, source = 'base-rate table'): BaseRateTable {
  const result = baseRateTableSchema.safeParse(input);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error));
  return result.data;
}

export const defaultPolicy: Policy = fromEnvironment('DUNNING_POLICY')
  ? parsePolicy(fromEnvironment('DUNNING_POLICY'), 'DUNNING_POLICY')
  : parsePolicy(policyJson, 'config/policy.json');

export const baseRateTable: BaseRateTable = fromEnvironment('DUNNING_BASE_RATES')
  ? parseBaseRateTable(fromEnvironment('DUNNING_BASE_RATES'), 'DUNNING_BASE_RATES')
  : parseBaseRateTable(baseRatesJson, 'config/base-rates.json');
