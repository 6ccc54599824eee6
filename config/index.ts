import { type BaseRateTable, baseRateTableSchema } from '../functions/domain/base-rates.js';
import { ConfigError, describeIssues, type Policy, parsePolicy } from '../functions/domain/policy.js';
import baseRatesJson from './base-rates.json' with { type: 'json' };
import policyJson from './policy.json' with { type: 'json' };

/** The shipped configuration, validated when first imported so a broken file fails at synth or cold start. */
export const defaultPolicy: Policy = parsePolicy(policyJson, 'config/policy.json');

export function parseBaseRateTable(input: unknown, source = 'base-rate table'): BaseRateTable {
  const result = baseRateTableSchema.safeParse(input);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error));
  return result.data;
}

export const baseRateTable: BaseRateTable = parseBaseRateTable(baseRatesJson, 'config/base-rates.json');
