import { type JsonWebKey, type KeyObject, X509Certificate, createPublicKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Issuance } from '@platform/contracts';
import { type Actor } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, sendRequest } from '@platform/messaging';
import type { JWK } from 'jose';
import type { AccountData } from '../account/account.decider';
import { AcmeCertificates } from '../certificate-record/acme-certificates';
import { AcmeProblem, malformed } from '../http/acme-problem';

/** RFC 5280 reason codes a subscriber may give (BR 7.2.2), by number as ACME sends them. */
const REASONS: Record<number, Issuance.RevokeCertificateRequest['reason']> = {
  0: 'unspecified',
  1: 'keyCompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
};

/**
 * revokeCert (RFC 8555 §7.6), signed either by the account that ordered the certificate or by the
 * certificate's own key. The revocation itself is issuance's, as from the portal.
 */
@Injectable()
export class AcmeRevokeCertificate {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly certificates: AcmeCertificates,
  ) {}

  async execute(payload: unknown, signer: { account?: AccountData; jwk: JWK }, correlationId: string): Promise<void> {
    const p = payload as { certificate?: unknown; reason?: unknown } | undefined;
    if (typeof p?.certificate !== 'string') throw malformed('revokeCert needs "certificate": the certificate as base64url DER.');
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(p.certificate, 'base64url'));
    } catch {
      throw malformed('"certificate" is not a DER X.509 certificate.');
    }
    const reason = REASONS[p.reason === undefined ? 0 : Number(p.reason)];
    if (!reason)
      throw new AcmeProblem('badRevocationReason', `Reason ${String(p.reason)} is not one a subscriber may give; use 0 (unspecified), 1, 3, 4 or 5.`);
    const record = await this.certificates.bySerial(certificate.serialNumber);
    if (!record)
      throw new AcmeProblem('unauthorized', 'This certificate was not issued through ACME here; an admin of its organisation revokes it in the portal.', 403);
    let by: string;
    if (signer.account) {
      if (signer.account.accountId !== record.accountId)
        throw new AcmeProblem('unauthorized', 'Only the account that ordered this certificate, or the holder of its key, can revoke it through ACME.', 403);
      by = `acme-account:${signer.account.accountId}`;
    } else {
      const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');
      if (spki(createPublicKey({ key: signer.jwk as JsonWebKey, format: 'jwk' })) !== spki(certificate.publicKey))
        throw new AcmeProblem('unauthorized', 'The JWS key is not this certificate\'s key: sign with the certificate\'s private key or with the ordering account.', 403);
      by = `acme-certificate-key:${record.serialNumber}`;
    }
    const actor: Actor = { adminId: by, email: '', grants: [{ role: 'RAO', organisationId: record.organisationId, privileges: ['revoke-ssl'] }] };
    await sendRequest(this.bus, Issuance.RevokeCertificate, { actor, certificateId: record.certificateId, reason }, { headers: { correlationId } });
  }
}
