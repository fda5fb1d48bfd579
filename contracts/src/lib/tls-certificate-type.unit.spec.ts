import { tlsCertificateTypeFor } from './tls-certificate-type';

describe('tlsCertificateTypeFor', () => {
  it.each([
    ['ov', ['www.a.ac.uk'], 'ov-ssl'],
    ['ov', ['a.ac.uk', 'www.a.ac.uk'], 'ov-multi-domain'],
    ['ov', ['*.a.ac.uk'], 'ov-wildcard'],
    ['ov', ['*.a.ac.uk', 'a.ac.uk'], 'ov-wildcard'],
    ['ev', ['www.a.ac.uk'], 'ev-ssl'],
    ['ev', ['a.ac.uk', 'www.a.ac.uk'], 'ev-multi-domain'],
  ] as const)('%s %j → %s', (family, names, certificateType) => {
    expect(tlsCertificateTypeFor(family, names)).toEqual({ ok: true, certificateType });
  });

  it('a wildcard with a name other than its base (lego, certbot -d *.a -d www.a) fits no type, and says the wildcard covers it', () => {
    expect(tlsCertificateTypeFor('ov', ['*.a.ac.uk', 'www.a.ac.uk'])).toMatchObject({
      ok: false,
      code: 'CERTIFICATE_TYPE_NONE_FITS',
      names: ['www.a.ac.uk'],
      message: expect.stringContaining('covered by *.a.ac.uk already'),
    });
  });

  it('two wildcards fit no type; EV never takes a wildcard', () => {
    expect(tlsCertificateTypeFor('ov', ['*.a.ac.uk', '*.b.ac.uk'])).toMatchObject({ ok: false, names: ['*.a.ac.uk', '*.b.ac.uk'] });
    expect(tlsCertificateTypeFor('ev', ['*.a.ac.uk'])).toMatchObject({ ok: false, message: expect.stringContaining('"profile": "ov"') });
  });
});
