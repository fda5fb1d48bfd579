import { DomainError } from '@platform/kernel';
import { problemBody, toAcmeProblem } from './acme-problem';

const NS = 'urn:ietf:params:acme:error:';

describe('ACME problem documents', () => {
  it.each([
    ['SUBSCRIPTION_SUSPENDED', 'userActionRequired'],
    ['ALLOWANCE_EXHAUSTED', 'unauthorized'],
    ['ORG_NOT_VALIDATED', 'unauthorized'],
    ['CAA_FORBIDS_ISSUANCE', 'caa'],
    ['CSR_SIGNATURE_INVALID', 'badCSR'],
    ['CSR_KEY_UNSUPPORTED', 'badPublicKey'],
    ['DOMAIN_NOT_VALIDATED', 'rejectedIdentifier'],
    ['ACME_BINDING_ALREADY_USED', 'unauthorized'],
    ['CERTIFICATE_ALREADY_REVOKED', 'alreadyRevoked'],
  ])('%s becomes %s, keeping the code and the actionable message', (code, type) => {
    const body = problemBody(toAcmeProblem(new DomainError(code, 'unprocessable', 'What is wrong; what to do.')));
    expect(body).toMatchObject({ type: NS + type, code, detail: 'What is wrong; what to do.' });
  });

  it('lists the names of a validation refusal as subproblems', () => {
    const error = new DomainError('CAA_FORBIDS_ISSUANCE', 'unprocessable', 'CAA forbids it.', {
      problems: [{ code: 'CAA_FORBIDS_ISSUANCE', message: 'CAA of a.example names another CA.', names: ['a.example'] }],
    });
    expect(problemBody(toAcmeProblem(error))).toMatchObject({
      type: `${NS}caa`,
      subproblems: [{ type: `${NS}caa`, detail: 'CAA of a.example names another CA.', identifier: { type: 'dns', value: 'a.example' } }],
    });
  });

  it('hides the detail of internal failures', () => {
    expect(problemBody(toAcmeProblem(new Error('secret stack detail')))).toMatchObject({ type: `${NS}serverInternal`, status: 500 });
    expect(JSON.stringify(problemBody(toAcmeProblem(new Error('secret stack detail'))))).not.toContain('secret');
  });
});
