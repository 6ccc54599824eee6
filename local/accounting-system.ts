import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { InvoiceIssued } from '../functions/domain/events.js';
import { localCredentials, localRegion } from './emulators/shared.js';
import type { WorkflowStack } from './workflow-stack.js';

/** The source the stand-in accounting system sends with: the first one the stack accepts. */
export function accountingSource(stack: Pick<WorkflowStack, 'inboundSources'>): string {
  const [first] = stack.inboundSources;
  if (first === undefined) throw new Error('the stack accepts inbound events from no source');
  return first;
}

/**
 * The accounting system: puts its events on the product's bus through the real SDK client, with the first
 * source the stack accepts unless told otherwise.
 */
export function accountingSystem(
  stack: Pick<WorkflowStack, 'endpoints' | 'productBus' | 'inboundSources'>,
  defaultSource = accountingSource(stack),
) {
  const client = new EventBridgeClient({
    region: localRegion,
    credentials: localCredentials,
    endpoint: stack.endpoints.eventBridge,
  });
  const put = async (
    detailType: string,
    detail: unknown,
    eventBusName = stack.productBus,
    source = defaultSource,
  ) => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: eventBusName,
            Source: source,
            DetailType: detailType,
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    );
    if (result.FailedEntryCount) throw new Error(`PutEvents failed: ${JSON.stringify(result.Entries)}`);
  };
  return {
    issue: (invoice: InvoiceIssued) => put('Invoice Issued', invoice),
    pay: (
      invoiceId: string,
      cents: number,
      receivedOn: string,
      paymentId = `pay-${invoiceId}-${cents}-${receivedOn}`,
    ) => put('Payment Received', { paymentId, invoiceId, amount: { cents, currency: 'EUR' }, receivedOn }),
    cancel: (invoiceId: string, effectiveOn: string) =>
      put('Invoice Cancelled', { invoiceId, kind: 'cancellation', effectiveOn }),
    put,
    close: () => client.destroy(),
  };
}
