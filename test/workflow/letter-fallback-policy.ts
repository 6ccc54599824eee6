import policyJson from '../../config/policy.json' with { type: 'json' };

/**
 * Imported first by a test file: the product's policy with `bounce.fallback: 'letter'`, set before config/index.ts
 * reads DUNNING_POLICY (each test file runs in its own module graph).
 */
process.env.DUNNING_POLICY = JSON.stringify({ ...policyJson, bounce: { fallback: 'letter' } });
