import { addresseesOf, distinctAddressees } from './recipients';

const admin = (adminId: string) => ({ adminId, email: `${adminId}@example.ac.uk`, name: adminId });
const admins = {
  raos: [admin('rao1'), admin('rao2')],
  mraos: [admin('mrao')],
  draos: [
    { ...admin('drao-a1'), departmentIds: ['a1'] },
    { ...admin('drao-a2'), departmentIds: ['a2', 'a3'] },
  ],
};

describe('whom a certificate notice goes to', () => {
  it('the requester (an RAO, a DRAO or an operator), the RAOs, and the DRAOs of the certificate’s department only', () => {
    const notice = addresseesOf(admins, { departmentId: 'a1', requestedBy: 'drao-a1' });
    expect(notice.requester).toEqual(admin('drao-a1'));
    expect(notice.draos).toEqual([admin('drao-a1')]);
    expect(distinctAddressees([notice.requester], notice.raos, notice.draos).map((a) => a.adminId)).toEqual(['drao-a1', 'rao1', 'rao2']);
    expect(addresseesOf(admins, { requestedBy: 'mrao' }).requester).toEqual(admin('mrao'));
    expect(addresseesOf(admins, { departmentId: 'a3', requestedBy: 'rao2' }).draos).toEqual([admin('drao-a2')]);
  });

  it('an ACME certificate names no admin: no requester, and no DRAOs from an identity that sends none', () => {
    const notice = addresseesOf({ raos: admins.raos, mraos: [] }, { departmentId: 'a1', requestedBy: 'acme:account-1' });
    expect(notice.requester).toBeUndefined();
    expect(notice.draos).toEqual([]);
  });
});
