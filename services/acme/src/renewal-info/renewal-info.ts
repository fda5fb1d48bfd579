import { Inject, Injectable } from '@nestjs/common';
import { Issuance } from '@platform/contracts';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import { AcmeCertificates } from '../certificate-record/acme-certificates';
import { AcmeProblem, malformed } from '../http/acme-problem';

const HOUR = 3600_000;

/**
 * ARI (RFC 9773): when to renew. Normally the window is the last third of the lifetime's middle
 * (from 2/3 to 5/6 of it, so that renewals spread out); a revoked certificate gets a window
 * already open, so that clients replace it at once.
 */
@Injectable()
export class RenewalInfo {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly certificates: AcmeCertificates,
  ) {}

  async execute(certId: string, correlationId: string) {
    const [aki, serial] = certId.split('.');
    if (!aki || !serial || !/^[\w-]+$/.test(aki) || !/^[\w-]+$/.test(serial))
      throw malformed('The renewalInfo path is <base64url(authorityKeyIdentifier)>.<base64url(serial number DER)> (RFC 9773 §4.1).');
    const hex = Buffer.from(serial, 'base64url').toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');
    const record = await this.certificates.bySerial(hex);
    if (!record) throw new AcmeProblem('malformed', 'No certificate issued through ACME here has this serial number.', 404);
    const actor = { adminId: `acme-account:${record.accountId}`, email: '', grants: [{ role: 'RAO' as const, organisationId: record.organisationId }] };
    const certificate = await sendRequest(this.bus, Issuance.GetCertificate, { actor, certificateId: record.certificateId }, { headers: { correlationId } });
    const now = this.clock.now().getTime();
    if (certificate.status === 'revoked')
      return { window: { start: new Date(now - 2 * HOUR).toISOString(), end: new Date(now - HOUR).toISOString() }, retryAfter: 6 * 3600 };
    const from = Date.parse(record.notBefore);
    const lifetime = Date.parse(record.notAfter) - from;
    return {
      window: { start: new Date(from + (lifetime * 2) / 3).toISOString(), end: new Date(from + (lifetime * 5) / 6).toISOString() },
      retryAfter: 6 * 3600,
    };
  }
}
