import type { CertificateType } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { checkTlsNamesFitType, evAnchorMissing } from './certificate-type';

const codeOf = (type: CertificateType, names: string[]): string | undefined => {
  try {
    checkTlsNamesFitType(type, names);
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('certificate types and the names they may carry', () => {
  it.each<[CertificateType, string[], string | undefined]>([
    ['ov-ssl', ['www.example.ac.uk'], undefined],
    ['ov-ssl', ['www.example.ac.uk', 'example.ac.uk'], 'CERTIFICATE_TYPE_SINGLE_NAME'],
    ['ov-ssl', ['*.example.ac.uk'], 'CERTIFICATE_TYPE_WILDCARD_NOT_ALLOWED'],
    ['ov-multi-domain', ['a.example.ac.uk', 'b.example.ac.uk'], undefined],
    ['ov-multi-domain', ['a.example.ac.uk'], 'CERTIFICATE_TYPE_NEEDS_SEVERAL_NAMES'],
    ['ov-multi-domain', ['a.example.ac.uk', '*.example.ac.uk'], 'CERTIFICATE_TYPE_WILDCARD_NOT_ALLOWED'],
    ['ov-wildcard', ['*.example.ac.uk'], undefined],
    ['ov-wildcard', ['*.example.ac.uk', 'example.ac.uk'], undefined],
    ['ov-wildcard', ['www.example.ac.uk'], 'CERTIFICATE_TYPE_NEEDS_WILDCARD'],
    ['ov-wildcard', ['*.example.ac.uk', 'www.example.ac.uk'], 'CERTIFICATE_TYPE_NEEDS_WILDCARD'],
    ['ov-wildcard', ['*.a.example.ac.uk', '*.b.example.ac.uk'], 'CERTIFICATE_TYPE_NEEDS_WILDCARD'],
    ['ev-ssl', ['www.example.ac.uk'], undefined],
    ['ev-ssl', ['*.example.ac.uk'], 'CERTIFICATE_TYPE_WILDCARD_NOT_ALLOWED'],
    ['ev-multi-domain', ['a.example.ac.uk', 'b.example.ac.uk'], undefined],
    ['ev-multi-domain', ['a.example.ac.uk'], 'CERTIFICATE_TYPE_NEEDS_SEVERAL_NAMES'],
    ['smime-mailbox', ['www.example.ac.uk'], 'CERTIFICATE_TYPE_NOT_FOR_SERVERS'],
    ['smime-organisation', ['www.example.ac.uk'], 'CERTIFICATE_TYPE_NOT_FOR_SERVERS'],
  ])('%s for %j: %s', (type, names, code) => {
    expect(codeOf(type, names)).toBe(code);
  });

  it('says what to choose instead', () => {
    expect(() => checkTlsNamesFitType('ov-ssl', ['a.example.ac.uk', 'b.example.ac.uk'])).toThrow(/Choose ov-multi-domain/);
    expect(() => checkTlsNamesFitType('ev-ssl', ['*.example.ac.uk'])).toThrow(/EV certificates cannot contain wildcard/);
  });

  it('refuses EV without an anchor with EV_ANCHOR_MISSING, 422', () => {
    expect(evAnchorMissing('ev-ssl')).toMatchObject({ code: 'EV_ANCHOR_MISSING', kind: 'unprocessable' });
  });
});
