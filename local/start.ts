import './quiet-logs.js';
import { parseArgs } from 'node:util';
import { OPENAPI_PATH } from './api-gateway.js';
import { expectedEnd, startDemo } from './demo.js';
import { letterOpenPath } from './letters-page.js';
import { startWorkflowStack } from './workflow-stack.js';

/**
 * `npm start`: the whole product on this machine, no AWS account. Emulators, the real handlers and state
 * machines, the caller API and page, and a dozen demo invoices whose customers answer differently.
 */
const { values } = parseArgs({
  options: {
    interactive: { type: 'boolean', default: false },
    'day-seconds': { type: 'string' },
    port: { type: 'string', default: '3000' },
    data: { type: 'string' },
  },
});
// People need time to read a task and call: interactive runs default to two minutes per business day.
const daySeconds = Number(values['day-seconds'] ?? (values.interactive ? 120 : 5));
if (!Number.isFinite(daySeconds) || daySeconds <= 0) {
  console.error('--day-seconds must be a positive number (real seconds per business day)');
  process.exit(2);
}

const stack = await startWorkflowStack({
  clockScale: 86_400 / daySeconds,
  dataPath: values.data,
  apiPort: Number(values.port),
  logLevel: 'ERROR',
  // On AWS every 15 minutes; here often enough to see an orphaned case picked up while the demo runs.
  sweepEverySeconds: 60,
  reportsEverySeconds: 30,
  // Step Functions keeps a closed execution's history for 90 days; so does the demo, on its own clock.
  executionHistoryRetentionMs: 90 * daySeconds * 1_000,
});
const demo = await startDemo(stack, { interactive: values.interactive });

const endpoints = stack.endpoints;
console.log(`
Mahnwesen local stack is running (one business day every ${daySeconds} s; business time starts ${stack.clock.businessToday()}).

  Caller page    ${endpoints.api}/app/         (sign in as caller or supervisor)
  Mailbox        ${endpoints.mailbox}           (every reminder and confirmation sent)
  Letters        ${endpoints.letters}   (every posted letter as PDF, e.g. the final notices)
  Caller API     ${endpoints.api}              (OpenAPI: ${endpoints.api}${OPENAPI_PATH})
  Step Functions ${endpoints.stepFunctions}    EventBridge ${endpoints.eventBridge}    DynamoDB ${endpoints.dynamodb}

  Dead letters   ${endpoints.api}/local/dead-letters   (events the queues gave up on after 5 tries)
  ${values.interactive ? `Customer page  ${endpoints.api}/app/#/customers/cust-schaefer   (five overdue invoices; search "schaefer" on Fälle)` : 'Search and customer pages: "Fälle" on the caller page (--interactive adds a customer with five overdue invoices)'}

  Try:  curl -s -H "Authorization: Bearer $(npm run -s token -- caller)" ${endpoints.api}/tasks
  AWS CLI (any credentials): aws stepfunctions list-executions --endpoint-url ${endpoints.stepFunctions} \\
          --state-machine-arn ${stack.stateMachineArns.DunningStateMachineArn} --region eu-central-1
  ${values.interactive ? 'Interactive: call tasks wait for you on the caller page.' : 'Stand-in callers answer the call tasks; run with --interactive to answer them yourself.'}
  Stop with Ctrl-C.
`);

const render = async () => {
  const rows = await demo.status();
  const lines = rows.map((row) => {
    const reached = row.status === row.expected ? '✓' : ' ';
    return `${reached} ${row.invoiceNumber}  ${row.customer.slice(0, 28).padEnd(28)}  ${row.behaviour.padEnd(26)}  ${row.status.padEnd(12)}  level ${row.level.padEnd(11)}  reminders ${row.reminders}  execution ${row.execution}`;
  });
  const business = stack.clock.businessNow().slice(0, 16).replace('T', ' ');
  const deadLetters = Object.values(stack.deadLetters()).flat().length;
  const letters = (await stack.letters.list()).map(
    ({ key }) => `  letter  ${endpoints.api}${letterOpenPath(key)}`,
  );
  return [
    `business time ${business}   (${rows.filter((row) => row.status === expectedEnd[row.behaviour]).length}/${rows.length} at their expected end, ${deadLetters} dead letters)`,
    ...lines,
    ...letters,
  ];
};

let printed = 0;
let refreshes = 0;
const interactiveTerminal = process.stdout.isTTY;
const timer = setInterval(() => {
  refreshes += 1;
  render()
    .then((lines) => {
      // Redraw in place on a terminal; in a log (CI, pipes) print only every tenth refresh.
      if (interactiveTerminal && printed > 0) process.stdout.write(`\x1b[${printed}A\x1b[0J`);
      if (interactiveTerminal || refreshes % 10 === 1) {
        process.stdout.write(`${lines.join('\n')}\n`);
        printed = lines.length;
      }
    })
    .catch(() => undefined);
}, 1000);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  console.log('\nstopping…');
  await demo.stop();
  await stack.stop();
  console.log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
