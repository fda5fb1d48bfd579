import type { Acme } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { type Actor, DomainError, canSee, hasPrivilege } from '@platform/kernel';
import { accountOrdersStream } from '../new-order/new-order';
import type { BindingState } from './binding.decider';

export type KnownBinding = Exclude<BindingState, { status: 'none' }>;

/** Who may see and manage a binding: manage-acme over its scope (an RAO's or the operator's grants reach every department). */
export function assertManages(actor: Actor, binding: Pick<KnownBinding, 'organisationId' | 'departmentId'>): void {
  const scope = { organisationId: binding.organisationId, departmentId: binding.departmentId };
  if (!canSee(actor, scope)) throw bindingNotFound();
  if (!hasPrivilege(actor, 'manage-acme', scope))
    throw new DomainError('PRIVILEGE_MISSING', 'forbidden', 'Managing ACME account bindings needs the manage-acme privilege; ask an RAO of your organisation to grant it.');
}

export const bindingNotFound = () => new DomainError('ACME_BINDING_NOT_FOUND', 'not_found', 'No such ACME account binding.');

/**
 * The portal's view of a binding. Its last use is its account's last new order (one event on the
 * account's order list, which newOrder appends anyway), or its registration.
 */
export async function bindingView(store: EventStore, binding: KnownBinding): Promise<Acme.AccountBindingView> {
  const orders = binding.accountId ? await store.readStream(accountOrdersStream(binding.accountId)) : [];
  const lastUsedAt = orders.at(-1)?.metadata.occurredAt ?? binding.usedAt;
  const optional = {
    departmentId: binding.departmentId,
    label: binding.label,
    accountId: binding.accountId,
    registeredAt: binding.usedAt,
    lastUsedAt,
    disabledBy: binding.disabled?.by,
    disabledAt: binding.disabled?.at,
  };
  return {
    keyId: binding.keyId,
    organisationId: binding.organisationId,
    family: binding.family,
    status: binding.status,
    createdBy: binding.createdBy,
    createdAt: binding.createdAt,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
