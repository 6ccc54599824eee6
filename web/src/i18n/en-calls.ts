import type { deCalls } from './de-calls.js';

/** English texts of a customer call. */
export const enCalls: Record<keyof typeof deCalls, string> = {
  'call.heading': 'One call for the whole account',
  'call.intro':
    'This call covers {count} open invoices of the customer. The outcome below applies to all of them; where an invoice differs, choose its own outcome here.',
  'call.invoice': 'Invoice',
  'call.level': 'Level',
  'call.due': 'Due',
  'call.open': 'Open today',
  'call.part': 'Outcome for this invoice',
  'call.partFor': 'Outcome for invoice {invoice}',
  'call.total': 'Total, with interest and costs to date',
  'call.part.same': 'as below',
  'call.part.dispute': 'disputed',
  'call.part.not-reached': 'not discussed',
  'call.reason': 'Reason for the dispute',
  'call.reasonFor': 'Reason for the dispute of invoice {invoice}',
  'call.needsReason': 'Please give the reason for disputing invoice {invoice} (at least 3 characters).',
  'call.installmentsForAll':
    'An installment plan covers the whole account: choose no outcome of its own for any invoice then.',
  'call.promiseNote':
    'A promise for all is applied to the oldest invoice first. With outcomes of their own, it covers each remaining invoice in full.',
};
