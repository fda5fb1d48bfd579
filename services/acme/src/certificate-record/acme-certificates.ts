import { Inject, Injectable } from '@nestjs/common';
import { type EventMetadata, type EventStore } from '@platform/event-store';
import { ACME_STORE } from '../acme.tokens';

/** What the ACME edge remembers of a certificate it had issued: enough for revokeCert and renewalInfo. */
export interface AcmeCertificateRecord {
  certificateId: string;
  accountId: string;
  organisationId: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
}

/** One stream per serial number (`acme-cert-<SERIAL>`, upper-case hex as X.509 tools print it). */
export const certificateRecordStream = (serialHex: string) => `acme-cert-${serialHex.toUpperCase()}`;

@Injectable()
export class AcmeCertificates {
  constructor(@Inject(ACME_STORE) private readonly store: EventStore) {}

  async record(record: AcmeCertificateRecord, metadata: EventMetadata): Promise<void> {
    await this.store.appendToStream(certificateRecordStream(record.serialNumber), [{ type: 'AcmeCertificateIssued', data: record, metadata }], 'any');
  }

  async bySerial(serialHex: string): Promise<AcmeCertificateRecord | undefined> {
    if (!/^[0-9A-F]{1,64}$/i.test(serialHex)) return undefined;
    const [event] = await this.store.readStream(certificateRecordStream(serialHex), { maxCount: 1 });
    return event?.data as AcmeCertificateRecord | undefined;
  }
}
