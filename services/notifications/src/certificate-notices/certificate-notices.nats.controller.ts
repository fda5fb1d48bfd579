import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Issuance } from '@platform/contracts';
import { type DeliveredEvent, OnEvent } from '@platform/messaging';
import { FanOutWebhooksCommand } from '../webhooks/fan-out/fan-out-webhooks.handler';
import { QueueCertificateIssuedMailCommand } from './queue-certificate-issued-mail.handler';
import { QueueCertificateRevokedMailCommand } from './queue-certificate-revoked-mail.handler';

/** Issuance's certificate events → mails to the requester and the organisation's admins, and webhook deliveries. Translation only. */
@Injectable()
export class CertificateNoticesNatsController {
  constructor(private readonly commands: CommandBus) {}

  @OnEvent(Issuance.CertificateIssued)
  async issued(data: Issuance.CertificateIssuedData, delivered: DeliveredEvent) {
    await this.commands.execute(new QueueCertificateIssuedMailCommand(data, delivered.id));
    await this.commands.execute(new FanOutWebhooksCommand(data.organisationId, 'certificate.issued', delivered.id, data));
  }

  @OnEvent(Issuance.CertificateRevoked)
  async revoked(data: Issuance.CertificateRevokedData, delivered: DeliveredEvent) {
    await this.commands.execute(new QueueCertificateRevokedMailCommand(data, delivered.id));
    await this.commands.execute(new FanOutWebhooksCommand(data.organisationId, 'certificate.revoked', delivered.id, data));
  }
}
