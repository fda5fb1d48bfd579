import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdSchema, type Notifications } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { NOTIFICATIONS_STORE } from '../../notifications.tokens';
import { assertCanManageWebhooks } from '../webhooks.access';
import { webhookDecider, webhookNotFound } from '../webhook/webhook.decider';
import { webhookStream } from '../webhook/webhook.events';

export class DeleteWebhookCommand extends Command<Notifications.DeleteWebhookResponse> {
  constructor(readonly input: Notifications.DeleteWebhookRequest) {
    super();
  }
}

@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input: { actor, organisationId, webhookId } }: DeleteWebhookCommand): Promise<Notifications.DeleteWebhookResponse> {
    assertCanManageWebhooks(actor, organisationId);
    if (!IdSchema.safeParse(webhookId).success) throw webhookNotFound();
    const at = this.clock.now();
    await handleCommand(this.store, webhookStream(webhookId), webhookDecider, { type: 'DeleteWebhook', organisationId, by: actor.adminId, at }, eventMetadata({ at, actor: actor.adminId }));
    return { ok: true };
  }
}
