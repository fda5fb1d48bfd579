import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Acme, Identity, Validation } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, DomainError, canSee, hasPrivilege } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { ACME_SECRET, ACME_STORE } from '../acme.tokens';
import { bindingDecider, bindingStream, organisationBindingsStream } from '../binding/binding.decider';
import { bindingHmacKey } from '../binding/binding-key';

export class CreateAccountBindingCommand extends Command<Acme.CreateAccountBindingResponse> {
  constructor(
    readonly input: Acme.CreateAccountBindingRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

@CommandHandler(CreateAccountBindingCommand)
export class CreateAccountBindingHandler implements ICommandHandler<CreateAccountBindingCommand> {
  constructor(
    @Inject(ACME_STORE) private readonly store: EventStore,
    @Inject(ACME_SECRET) private readonly secret: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async execute({ input, correlationId }: CreateAccountBindingCommand): Promise<Acme.CreateAccountBindingResponse> {
    const { actor, organisationId, departmentId, label, family = 'ov' } = input;
    const scope = { organisationId, departmentId };
    if (!canSee(actor, scope)) throw new DomainError('ORGANISATION_NOT_FOUND', 'not_found', 'No such organisation or department.');
    if (!hasPrivilege(actor, 'manage-acme', scope))
      throw new DomainError('PRIVILEGE_MISSING', 'forbidden', 'Creating ACME account bindings needs the manage-acme privilege; ask an RAO of your organisation to grant it.');
    // References are checked where they are made: an operator may name any organisation, so identity
    // says whether it (and the department) exists before a binding for it can be stored.
    const departments = await sendRequest(this.bus, Identity.ListDepartments, { actor, organisationId }, { headers: { correlationId } });
    if (departmentId && !departments.some((d) => d.id === departmentId))
      throw new DomainError('DEPARTMENT_NOT_FOUND', 'not_found', 'No such department in this organisation.', { organisationId, departmentId });
    if (family === 'ev') {
      // EV certificates need the organisation's vetted EV details; a binding that could never get one is refused now.
      const validation = await sendRequest(this.bus, Validation.GetValidation, { actor, organisationId }, { headers: { correlationId } });
      if (validation.ev?.status !== 'validated')
        throw new DomainError(
          'EV_ANCHOR_MISSING',
          'unprocessable',
          validation.ev
            ? `The organisation's EV details expired on ${validation.ev.validUntil}: ask the operator to vet them again, or create an OV binding.`
            : 'An EV binding needs the organisation\'s EV details vetted (an EV anchor): ask the operator to vet them, or create an OV binding.',
          { organisationId, family },
        );
    }
    // Key ids are public (they travel in every EAB), so they only need to be unguessable enough to not collide.
    const keyId = randomBytes(16).toString('base64url');
    const at = this.clock.now();
    const metadata = eventMetadata({ at, actor: actor.adminId, correlationId });
    // Listed first: a crash in between leaves a key id the listing skips (no binding), never a binding it misses.
    await this.store.appendToStream(organisationBindingsStream(organisationId), [{ type: 'AcmeBindingListed', data: { keyId }, metadata }], 'any');
    await handleCommand(
      this.store,
      bindingStream(keyId),
      bindingDecider,
      { type: 'CreateBinding', keyId, organisationId, departmentId, label, family, by: actor.adminId, at: at.toISOString() },
      metadata,
    );
    return {
      keyId,
      hmacKey: bindingHmacKey(this.secret, keyId).toString('base64url'),
      organisationId,
      departmentId,
      label,
      family,
      createdAt: at.toISOString(),
      directoryPath: '/acme/directory',
    };
  }
}
