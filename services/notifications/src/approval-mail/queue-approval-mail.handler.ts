import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Identity, type Issuance } from '@platform/contracts';
import type { EventStore } from '@platform/event-store';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { queueMail } from '../mail/queue-mail';
import { NOTIFICATIONS_CONFIG, NOTIFICATIONS_STORE, type NotificationsConfig } from '../notifications.tokens';
import { approvalRequestMail } from './approval-mail.template';

export class QueueApprovalMailCommand extends Command<void> {
  constructor(
    readonly event: Issuance.CertificateRequestAwaitingApprovalData,
    readonly eventId: string,
  ) {
    super();
  }
}

type Candidate = Identity.AdminsWithPrivilegeResponse['admins'][number];

/**
 * Whom to ask: the admins holding approve-ssl for the request's scope, but not its requester (who
 * may not approve their own). The organisation's own (its RAOs, the department's DRAOs) when there
 * are any; the operator team (MRAOs) only when nobody in the organisation could decide, so that a
 * request never waits unseen while operators are not mailed about every request of every member.
 */
export function approversOf(admins: Candidate[], requestedBy: string): Candidate[] {
  const others = admins.filter((a) => a.adminId !== requestedBy);
  const own = others.filter((a) => a.role !== 'MRAO');
  return own.length > 0 ? own : others;
}

/** One mail per approver, each in `mail-<eventId>-<adminId>`, so a redelivery queues nothing twice. */
@CommandHandler(QueueApprovalMailCommand)
export class QueueApprovalMailHandler implements ICommandHandler<QueueApprovalMailCommand> {
  constructor(
    @Inject(NOTIFICATIONS_STORE) private readonly store: EventStore,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ event, eventId }: QueueApprovalMailCommand): Promise<void> {
    const { organisationId, departmentId } = event;
    const headers = { headers: { correlationId: eventId } };
    const [{ admins }, organisation] = await Promise.all([
      sendRequest(this.bus, Identity.AdminsWithPrivilege, { organisationId, ...(departmentId ? { departmentId } : {}), privilege: 'approve-ssl' }, headers),
      sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, headers),
    ]);
    const at = this.clock.now();
    for (const approver of approversOf(admins, event.requestedBy))
      await queueMail(this.store, {
        mailId: `${eventId}-${approver.adminId}`,
        mail: approvalRequestMail(approver, organisation.name, event, this.config.publicUrl),
        cause: 'certificate-request-awaiting-approval',
        causationId: eventId,
        at,
      });
  }
}
