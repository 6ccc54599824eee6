import { issueLocalToken, type LocalRole } from '../local/api-gateway.js';

/** `npm run token -- caller` (or supervisor): a bearer token the local caller API accepts. */
const role = process.argv[2] ?? 'caller';
if (role !== 'caller' && role !== 'supervisor') {
  console.error('usage: npm run token -- caller|supervisor');
  process.exit(2);
}
console.log(await issueLocalToken(role satisfies LocalRole));
