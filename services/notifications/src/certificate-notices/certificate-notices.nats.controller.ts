import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { QueueCertificateIssuedMailCommand } from './queue-certificate-issued-mail.handler';
import { QueueCertificateRevokedMailCommand } from './queue-certificate-revoked-mail.handler';

/** Issuance's certificate events → mails to the requester and the organisation's admins. Translation only. */
@Injectable()
export class CertificateNoticesNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Issuance.CertificateIssued)
  issued(data: Issuance.CertificateIssuedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueCertificateIssuedMailCommand(data, delivered.id));
  }

  @OnEvent(Issuance.CertificateRevoked)
  revoked(data: Issuance.CertificateRevokedData, delivered: DeliveredEvent) {
    return this.commands.execute(new QueueCertificateRevokedMailCommand(data, delivered.id));
  }
}
