import type { DunningCase } from '../domain/case.js';
import { type OutboundEvent, outboundEventSchema } from '../domain/events.js';

type DetailOf<T extends OutboundEvent['detail-type']> = Extract<
  OutboundEvent,
  { 'detail-type': T }
>['detail'];
type Specific<T extends OutboundEvent['detail-type']> = Omit<
  DetailOf<T>,
  'invoiceId' | 'invoiceNumber' | 'customerId' | 'at' | 'eventKey'
>;

/**
 * Builds an outbound bus event about a case as it is after the change that causes it (its version keys the
 * event), validated against its schema before it is stored or sent.
 */
export function outboundEvent<T extends OutboundEvent['detail-type']>(
  detailType: T,
  dunningCase: DunningCase,
  at: string,
  detail: Specific<T>,
): OutboundEvent {
  return outboundEventSchema.parse({
    'detail-type': detailType,
    detail: {
      invoiceId: dunningCase.invoiceId,
      invoiceNumber: dunningCase.invoice.invoiceNumber,
      customerId: dunningCase.invoice.customer.id,
      at,
      // The case version of the change that caused the event makes the key stable across redeliveries.
      eventKey: `${dunningCase.invoiceId}#${dunningCase.version}#${detailType}`,
      ...detail,
    },
  });
}
