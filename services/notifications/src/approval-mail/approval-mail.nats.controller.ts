import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueApprovalMailCommand } from './queue-approval-mail.handler';

/** A held certificate request → mails to its approvers. Translation only. */
@Injectable()
export class ApprovalMailNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Issuance.CertificateRequestAwaitingApproval)
  awaitingApproval(data: Issuance.CertificateRequestAwaitingApprovalData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueApprovalMailCommand(data, delivered.id));
  }
}
