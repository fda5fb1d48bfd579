import { vettingMail } from './vetting-mail.template';

describe('vetting mail', () => {
  it('tells one MRAO which organisation waits, with the legal name submitted and the day, and where the queue is', () => {
    const mail = vettingMail({ email: 'op@example.ac.uk', name: 'Op' }, 'University of Example', {
      organisationId: 'o1',
      legalName: 'The University of Example',
      submittedBy: 'r1',
      submittedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(mail).toEqual({
      to: 'op@example.ac.uk',
      subject: 'University of Example: organisation details waiting for vetting',
      text: expect.stringContaining('(legal name: The University of Example) on 2026-11-26'),
    });
    expect(mail.text).toContain('GET /api/v1/vetting-queue');
  });
});
