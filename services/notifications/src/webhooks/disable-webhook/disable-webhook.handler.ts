import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IdSchema, type Notifications } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { NOTIFICATIONS_STORE } from '../../notifications.tokens';
import { assertCanManageWebhooks } from '../webhooks.access';
import { webhookDecider, webhookNotFound } from '../webhook/webhook.decider';
import { webhookStream } from '../webhook/webhook.events';
import { webhookViewOf } from '../webhook/webhook.view';

export class DisableWebhookCommand extends Command<Notifications.DisableWebhookResponse> {
  constructor(readonly input: Notifications.DisableWebhookRequest) {
    super();
  }
}

/** No more deliveries: the dispatcher cancels the pending ones when they fall due. */
@CommandHandler(DisableWebhookCommand)
export class DisableWebhookHandler implements ICommandHandler<DisableWebhookCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input: { actor, organisationId, webhookId } }: DisableWebhookCommand): Promise<Notifications.DisableWebhookResponse> {
    assertCanManageWebhooks(actor, organisationId);
    if (!IdSchema.safeParse(webhookId).success) throw webhookNotFound();
    const at = this.clock.now();
    const { state } = await handleCommand(
      this.store,
      webhookStream(webhookId),
      webhookDecider,
      { type: 'DisableWebhook', organisationId, by: actor.adminId, at },
      eventMetadata({ at, actor: actor.adminId }),
    );
    if (state.status !== 'disabled') throw webhookNotFound();
    return webhookViewOf(state.webhook, 'disabled');
  }
}
