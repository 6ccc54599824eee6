import type { IsoDate } from '../domain/calendar.js';
import { type CaseEvent, customerBlockOwner, type DunningCase, isTerminal } from '../domain/case.js';
import { InvalidTransitionError } from '../domain/case-model.js';
import type { CaseService, Decision } from './case-service.js';
import type { CustomerBlockChange } from './inbound.js';

/** One dunning block on a customer, as the accounting system set it. */
export interface CustomerBlock {
  blockId: string;
  reason: string;
  since: IsoDate;
}

/** Where a customer's blocks are kept, and how to find the customer's open cases. */
export interface CustomerBlockStore {
  add(customerId: string, block: CustomerBlock): Promise<'added' | 'exists'>;
  remove(customerId: string, blockId: string): Promise<void>;
  active(customerId: string): Promise<CustomerBlock[]>;
  openInvoiceIds(customerId: string): AsyncIterable<string>;
}

export interface CustomerCasePorts {
  service: CaseService;
  customerBlocks: CustomerBlockStore;
}

const heldBy = (current: DunningCase, owner: string) =>
  current.hold?.holders.some((holder) => holder.owner === owner) === true;

/** The hold of `block` on one case, unless the case has it already or is closed (a retry changes nothing). */
function holdFor(current: DunningCase, block: CustomerBlock, on: IsoDate): CaseEvent | undefined {
  const owner = customerBlockOwner(block.blockId);
  if (isTerminal(current.status) || heldBy(current, owner)) return undefined;
  return { type: 'hold-set', on, reason: block.reason, owner };
}

/**
 * Applies `decide` to every open case of the customer, one case after the other. A case that cannot take the
 * change (closed meanwhile) must not keep the customer's other cases waiting.
 */
export async function changeCustomerCases(
  { service, customerBlocks }: CustomerCasePorts,
  customerId: string,
  decide: (current: DunningCase) => Decision | undefined,
): Promise<void> {
  for await (const invoiceId of customerBlocks.openInvoiceIds(customerId)) {
    try {
      await service.change(invoiceId, decide);
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
    }
  }
}

const eventOnly = (event: CaseEvent | undefined): Decision | undefined => event && { event };

/**
 * A customer's dunning block holds every open case of the customer as a hold of its own
 * (`customer-block:<blockId>`), which only that block's release lifts. The block is stored first, so a case
 * opened meanwhile starts held; its release is removed first, so no case opened meanwhile is held by it.
 */
export async function applyCustomerBlock(
  ports: CustomerCasePorts,
  { customerId, blockId, change }: CustomerBlockChange,
) {
  if (change.type === 'set') {
    const block = { blockId, reason: change.reason, since: change.on };
    await ports.customerBlocks.add(customerId, block);
    return changeCustomerCases(ports, customerId, (current) => eventOnly(holdFor(current, block, change.on)));
  }
  await ports.customerBlocks.remove(customerId, blockId);
  const owner = customerBlockOwner(blockId);
  return changeCustomerCases(ports, customerId, (current) =>
    heldBy(current, owner) ? { event: { type: 'hold-released', on: change.on, owner } } : undefined,
  );
}

/** A case opened while its customer is blocked starts held by each of the customer's `blocks`. */
export async function holdForCustomerBlocks(
  ports: Pick<CustomerCasePorts, 'service'>,
  dunningCase: DunningCase,
  blocks: readonly CustomerBlock[],
  on: IsoDate,
) {
  if (isTerminal(dunningCase.status)) return;
  for (const block of blocks) {
    await ports.service.change(dunningCase.invoiceId, (current) => {
      const event = holdFor(current, block, on);
      return event && { event };
    });
  }
}
