import { Identity } from '@platform/contracts';
import { type MessageBus, sendRequest } from '@platform/messaging';

export interface Addressee {
  adminId: string;
  email: string;
  name: string;
}

/**
 * Whom to tell about a certificate, from identity's active admins: its requester when the requester is
 * one of them (ACME certificates name an account instead: then nobody as requester), the organisation's
 * RAOs, and the DRAOs of the certificate's department.
 */
export async function certificateAddressees(
  bus: MessageBus,
  certificate: { organisationId: string; departmentId?: string; requestedBy: string },
  correlationId: string,
): Promise<{ requester?: Addressee; raos: Addressee[]; draos: Addressee[] }> {
  const admins = await sendRequest(bus, Identity.OrganisationAdmins, { organisationId: certificate.organisationId }, { headers: { correlationId } });
  return addresseesOf(admins, certificate);
}

/** The same, from identity's answer (pure). */
export function addresseesOf(
  { raos, mraos, draos = [] }: Identity.OrganisationAdminsResponse,
  certificate: { departmentId?: string; requestedBy: string },
): { requester?: Addressee; raos: Addressee[]; draos: Addressee[] } {
  const plain = ({ adminId, email, name }: Addressee): Addressee => ({ adminId, email, name });
  const requester = [...raos, ...draos, ...mraos].find((a) => a.adminId === certificate.requestedBy);
  return {
    requester: requester && plain(requester),
    raos,
    draos: certificate.departmentId ? draos.filter((d) => d.departmentIds.includes(certificate.departmentId!)).map(plain) : [],
  };
}

/** Each admin once, in the order given (the requester first). */
export const distinctAddressees = (...lists: (Addressee | undefined)[][]): Addressee[] => {
  const seen = new Set<string>();
  return lists.flat().filter((a): a is Addressee => !!a && !seen.has(a.adminId) && !!seen.add(a.adminId));
};
