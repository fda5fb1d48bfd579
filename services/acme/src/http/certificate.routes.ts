import { Issuance } from '@platform/contracts';
import type { Actor } from '@platform/kernel';
import { sendRequest } from '@platform/messaging';
import { accountActor } from '../account/account-actor';
import type { AcmeHttp } from './acme.http';
import { pemChain } from './representations';
import { AcmeProblem } from './acme-problem';
import type { AcmeRoute } from './acme.router';

/** Certificate download with its chain, revocation, and ARI renewal information (RFC 8555 §7.4.2, §7.6; RFC 9773). */
export const certificateRoutes = (acme: AcmeHttp): AcmeRoute[] => [
  {
    method: 'post',
    path: '/cert/:id',
    handle: async (call) => {
      const { account } = await acme.verify(call, 'kid');
      const actor = accountActor(account!);
      const certificateId = String(call.req.params.id);
      const download = acme.caches.issued.get(certificateId) ?? (await fetchDownload(acme, actor, certificateId, call.correlationId));
      if (download.requestedBy !== actor.adminId) throw new AcmeProblem('malformed', 'No such certificate for this account.', 404);
      return { text: { contentType: 'application/pem-certificate-chain', data: download.pemChain } };
    },
  },
  {
    method: 'post',
    path: '/revoke-cert',
    handle: async (call) => {
      const { account, jwk, payload } = await acme.verify(call, 'either');
      await acme.revokeCertificate.execute(payload, { account, jwk }, call.correlationId);
      return { status: 200 };
    },
  },
  {
    method: 'get',
    path: '/renewal-info/:certId',
    handle: async (call) => {
      const { window, retryAfter } = await acme.renewalInfo.execute(String(call.req.params.certId), call.correlationId);
      return { body: { suggestedWindow: window }, retryAfter };
    },
  },
];

async function fetchDownload(acme: AcmeHttp, actor: Actor, certificateId: string, correlationId: string) {
  const certificate = await sendRequest(acme.bus, Issuance.GetCertificate, { actor, certificateId }, { headers: { correlationId } });
  return { requestedBy: certificate.requestedBy, pemChain: pemChain(certificate) };
}
