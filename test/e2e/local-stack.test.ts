import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterKey } from '../../functions/domain/document-keys.js';
import { workflowInstance } from '../../functions/handlers/runtime/container.js';
import { accountingSource } from '../../local/accounting-system.js';
import { type Demo, expectedEnd, startDemo } from '../../local/demo.js';
import { localCredentials, localRegion } from '../../local/emulators/shared.js';
import { letterOpenPath } from '../../local/letters-page.js';
import { startWorkflowStack, type WorkflowStack } from '../../local/workflow-stack.js';
import { waitFor } from '../api/support.js';

/** What `npm start` runs, with a faster clock: every demo customer reaches the end its behaviour implies. */
let stack: WorkflowStack;
let demo: Demo;
let resourcesBefore: string[];

beforeAll(async () => {
  resourcesBefore = process.getActiveResourcesInfo();
  // One business day per second: fast, yet slow enough that stand-in callers answer within a task's SLA
  // even while other test files load both cores.
  stack = await startWorkflowStack({ clockScale: 86_400 / 1 });
  demo = await startDemo(stack, { interactive: false, tickMs: 100 });
}, 30_000);

afterAll(async () => {
  await demo?.stop();
  await stack?.stop();
});

async function allAtTheirEnd(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await demo.status();
    if (rows.every((row) => row.status === expectedEnd[row.behaviour] && row.execution !== 'RUNNING'))
      return rows;
    if (Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the local stack behind npm start', () => {
  it('walks every demo invoice through its branch to the expected end', async () => {
    // Arrange: the demo sent twelve invoices through PutEvents and plays customers and callers

    // Act
    const rows = await allAtTheirEnd(200_000);

    // Assert
    expect(demo.errors()).toEqual({ count: 0 });
    // The invoice paid before its due date never needed an execution: its start schedule was deleted.
    const execution = (behaviour: string) => (behaviour === 'pays-early' ? '-' : 'SUCCEEDED');
    expect(rows.map((row) => `${row.behaviour}: ${row.status} (${row.execution})`)).toEqual(
      rows.map((row) => `${row.behaviour}: ${expectedEnd[row.behaviour]} (${execution(row.behaviour)})`),
    );
  }, 240_000);

  it('posts the final notice of the customer nobody reached as a PDF that the letters page opens', async () => {
    // Arrange
    const unreachable = demo.scenarios.find((scenario) => scenario.behaviour === 'not-reachable');
    const key = letterKey(unreachable?.invoice.invoiceId ?? '', 'final');

    // Act: the letter is rendered from the bus event a moment after the level was recorded
    const letters = await waitFor(async () => {
      const listed = await stack.letters.list();
      return listed.some((letter) => letter.key === key) ? listed : undefined;
    }, 20_000).catch(() => stack.letters.list());
    const page = await (await fetch(stack.endpoints.letters)).text();
    const opened = await fetch(`${stack.endpoints.api}${letterOpenPath(key)}`);

    // Assert
    expect(letters.map((letter) => letter.key)).toContain(key);
    expect(page).toContain(key);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await opened.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('sent no reminder to the customer who paid before the due date and one to the one who paid after it', async () => {
    // Arrange
    const mails = await stack.ses.listEmails();
    const mailsFor = (invoiceNumber: string) => mails.filter((mail) => mail.subject.includes(invoiceNumber));
    const byBehaviour = new Map(
      demo.scenarios.map((scenario) => [scenario.behaviour, scenario.invoice.invoiceNumber]),
    );

    // Act
    const early = mailsFor(byBehaviour.get('pays-early') ?? '-');
    const afterFirst = mailsFor(byBehaviour.get('pays-after-first-reminder') ?? '-');
    const promised = mailsFor(byBehaviour.get('promise-kept') ?? '-');

    // Assert
    expect(early).toHaveLength(0);
    expect(afterFirst).toHaveLength(1);
    expect(promised.some((mail) => /Zahlungszusage|promise to pay/.test(mail.subject))).toBe(true);
  });

  it('handed the broken promise over with a § 13a RDG case file and published the handover', async () => {
    // Arrange
    const scenario = demo.scenarios.find((candidate) => candidate.behaviour === 'promise-broken');
    if (!scenario) throw new Error('scenario missing');

    // Act
    const file = await workflowInstance().cases.caseFile(scenario.invoice.invoiceId);
    const published = stack.bus
      .events()
      .map(({ event }) => event)
      .filter(
        (event) =>
          event.source === 'mahnwesen.dunning' && event['detail-type'] === 'Inkasso Handover Requested',
      );

    // Assert
    expect(file?.claim.invoiceNumber).toBe(scenario.invoice.invoiceNumber);
    expect(file?.contactHistory.promises.map((promise) => promise.status)).toContain('broken');
    expect(published.map((event) => JSON.stringify(event.detail))).toEqual(
      expect.arrayContaining([expect.stringContaining(scenario.invoice.invoiceId)]),
    );
  });

  it('switched the bounced customer to phone after the SES bounce on the default bus', async () => {
    // Arrange
    const scenario = demo.scenarios.find((candidate) => candidate.behaviour === 'bounce');
    if (!scenario) throw new Error('scenario missing');

    // Act
    const stored = await workflowInstance().cases.get(scenario.invoice.invoiceId);

    // Assert
    expect(stored?.case.emailUndeliverable).toBe(true);
    expect(stored?.case.status).toBe('paid');
  });

  it('puts a malformed invoice event into the dead letters a person can list, and writes nothing', async () => {
    // Arrange
    const client = new EventBridgeClient({
      region: localRegion,
      credentials: localCredentials,
      endpoint: stack.endpoints.eventBridge,
    });
    const broken = {
      invoiceId: 'demo-broken',
      invoiceNumber: 'RE-BROKEN',
      amount: { cents: -5, currency: 'USD' },
    };

    // Act
    await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: stack.productBus,
            Source: accountingSource(stack),
            DetailType: 'Invoice Issued',
            Detail: JSON.stringify(broken),
          },
        ],
      }),
    );
    client.destroy();
    const listed = await waitFor(async () => {
      const response = await fetch(`${stack.endpoints.api}/local/dead-letters`);
      const text = await response.text();
      return text.includes('demo-broken') ? text : undefined;
    }, 20_000);

    // Assert
    expect(JSON.parse(listed)).toHaveProperty('InvoiceIssued');
    expect(await workflowInstance().cases.get('demo-broken')).toBeUndefined();
  });

  it('leaves no open handles behind when it stops', async () => {
    // Arrange
    await demo.stop();

    // Act
    await stack.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Assert
    const leaked = process.getActiveResourcesInfo().filter((resource) => !resourcesBefore.includes(resource));
    expect(leaked.filter((resource) => resource !== 'Timeout' && resource !== 'TTYWrap')).toEqual([]);
  });
});
