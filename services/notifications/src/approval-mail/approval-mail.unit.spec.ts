import { approvalRequestMail } from './approval-mail.template';
import { approversOf } from './queue-approval-mail.handler';

const admin = (adminId: string, role: 'MRAO' | 'RAO' | 'DRAO') => ({ adminId, email: `${adminId}@example.ac.uk`, name: adminId, role });

describe('approval mail', () => {
  it('goes to the organisation\'s approvers, never the requester; to the operators only when nobody there can decide', () => {
    const admins = [admin('mrao', 'MRAO'), admin('rao', 'RAO'), admin('drao', 'DRAO'), admin('requester', 'DRAO')];
    expect(approversOf(admins, 'requester').map((a) => a.adminId)).toEqual(['rao', 'drao']);
    expect(approversOf([admin('mrao', 'MRAO'), admin('requester', 'RAO')], 'requester').map((a) => a.adminId)).toEqual(['mrao']);
    expect(approversOf([admin('requester', 'RAO')], 'requester')).toEqual([]);
  });

  it('says who asks, for which names, and where to decide', () => {
    const mail = approvalRequestMail(
      { email: 'rao@example.ac.uk', name: 'Rao' },
      'University of Example',
      {
        requestId: 'r-1',
        organisationId: 'o1',
        requestedBy: 'a1',
        requestedByEmail: 'drao@example.ac.uk',
        names: ['www.example.ac.uk', 'api.example.ac.uk'],
        certificateType: 'ov-multi-domain',
        requestedAt: '2026-12-07T09:00:00.000Z',
      },
      'https://certs.example.net',
    );
    expect(mail.to).toBe('rao@example.ac.uk');
    expect(mail.subject).toBe('University of Example: certificate request for www.example.ac.uk (+1 more) awaits your approval');
    expect(mail.text).toContain('drao@example.ac.uk');
    expect(mail.text).toContain('  api.example.ac.uk');
    expect(mail.text).toContain('https://certs.example.net/certificate-requests/r-1');
  });
});
