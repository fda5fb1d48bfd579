import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Notifications } from '@platform/contracts';
import { type EventStore, eventMetadata, handleCommand } from '@platform/event-store';
import { CLOCK, type Clock, newId } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../../notifications.tokens';
import { assertCanManageWebhooks } from '../webhooks.access';
import { checkWebhookUrl } from '../webhook-url';
import { newWebhookSecret, sealSecret } from '../webhook-signing';
import { webhookDecider } from '../webhook/webhook.decider';
import { webhookStream } from '../webhook/webhook.events';
import { webhookConfig } from '../webhooks.config';

export class RegisterWebhookCommand extends Command<Notifications.RegisterWebhookResponse> {
  constructor(readonly input: Notifications.RegisterWebhookRequest) {
    super();
  }
}

/** The secret is made here and answered once; the store keeps it sealed, and nothing logs it. */
@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ input }: RegisterWebhookCommand): Promise<Notifications.RegisterWebhookResponse> {
    const { actor, organisationId, eventTypes } = input;
    assertCanManageWebhooks(actor, organisationId);
    const { webhooks, secret: sealingKey } = webhookConfig(this.config);
    const url = checkWebhookUrl(input.url, webhooks.allowPrivate);
    await sendRequest(this.bus, Identity.GetOrganisation, { actor, organisationId }); // 404 for an organisation identity does not know
    const at = this.clock.now();
    const secret = newWebhookSecret();
    const webhook = {
      webhookId: newId(),
      organisationId,
      url,
      eventTypes: [...new Set(eventTypes)],
      secretSealed: sealSecret(sealingKey, secret),
      registeredBy: actor.adminId,
      registeredAt: at.toISOString(),
    };
    await handleCommand(this.store, webhookStream(webhook.webhookId), webhookDecider, { type: 'RegisterWebhook', webhook }, eventMetadata({ at, actor: actor.adminId }));
    return { id: webhook.webhookId, organisationId, url, eventTypes: webhook.eventTypes, status: 'active', createdAt: webhook.registeredAt, createdBy: actor.adminId, secret };
  }
}
