import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePem } from '../pem';
import { domainErrorOf } from '../testing/domain-error';
import { openssl } from '../testing/openssl';
import { oid, sequence, set } from '../asn1/der-writer';
import {
  OID,
  derCsr,
  directoryString,
  extensionRequest,
  opensslCsr,
  opensslKey,
  subjectAltNameExtension,
  tamperSignature,
  x509Csr,
  type OpensslKeyKind,
} from '../testing/csr.builders';
import { parseCsr } from './parse-csr';

const refusal = (input: string | Buffer) => domainErrorOf(parseCsr(input));

const derOf = (pem: string) => decodePem(pem, ['CERTIFICATE REQUEST']);

let dir: string;
const keys = {} as Record<OpensslKeyKind, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-csr-'));
  const kinds: OpensslKeyKind[] = ['rsa:2048', 'rsa:4096', 'rsa:1024', 'rsa:2048:e3', 'ec:P-256', 'ec:P-384', 'ec:P-521', 'ed25519'];
  await Promise.all(kinds.map(async (kind) => (keys[kind] = await opensslKey(dir, kind))));
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parseCsr accepts what openssl req produces', () => {
  it.each([
    ['rsa:2048', 'RSA', 2048, undefined],
    ['rsa:4096', 'RSA', 4096, undefined],
    ['ec:P-256', 'ECDSA', 256, 'P-256'],
    ['ec:P-384', 'ECDSA', 384, 'P-384'],
  ] as const)('%s with CN and SANs', async (kind, keyAlgorithm, keyBits, curve) => {
    const pem = await opensslCsr({ keyFile: keys[kind], cn: 'www.example.ac.uk', sans: ['DNS:www.example.ac.uk', 'DNS:example.ac.uk'] });
    const csr = await parseCsr(pem);
    expect(csr).toMatchObject({ keyAlgorithm, keyBits, commonName: 'www.example.ac.uk', dnsNames: ['www.example.ac.uk', 'example.ac.uk'] });
    expect(csr.curve).toBe(curve);
    expect(csr.der).toEqual(derOf(pem));
    expect(csr.pem).toBe(pem.replace(/\r\n/g, '\n'));
    expect(csr.publicKeySha256).toBe(createHash('sha256').update(csr.publicKeySpkiDer).digest('hex'));
  });

  it('the SPKI is the key the CSR was made from', async () => {
    const pem = await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'] });
    const publicKey = await openssl(['pkey', '-in', keys['ec:P-256'], '-pubout']);
    expect((await parseCsr(pem)).publicKeySpkiDer).toEqual(decodePem(publicKey.stdout, ['PUBLIC KEY']));
  });

  it('a CSR without CN, names in SANs only', async () => {
    const csr = await parseCsr(await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'] }));
    expect(csr.commonName).toBeUndefined();
    expect(csr.dnsNames).toEqual(['a.example.com']);
  });

  it('a CSR without SANs takes a host-name CN as its only name', async () => {
    const csr = await parseCsr(await opensslCsr({ keyFile: keys['rsa:2048'], cn: 'Legacy.Example.com' }));
    expect(csr.commonName).toBe('legacy.example.com');
    expect(csr.dnsNames).toEqual(['legacy.example.com']);
  });

  it('lower-cases names, folds duplicates and matches the CN case-insensitively', async () => {
    const csr = await parseCsr(
      await opensslCsr({ keyFile: keys['ec:P-256'], cn: 'WWW.Example.com', sans: ['DNS:www.example.com', 'DNS:API.example.com', 'DNS:Www.Example.Com'] }),
    );
    expect(csr.dnsNames).toEqual(['www.example.com', 'api.example.com']);
    expect(csr.commonName).toBe('www.example.com');
  });

  it('accepts a wildcard as the whole left-most label and punycode names', async () => {
    const csr = await parseCsr(await x509Csr({ sans: ['*.example.ac.uk', 'xn--bcher-kva.example.com'] }));
    expect(csr.dnsNames).toEqual(['*.example.ac.uk', 'xn--bcher-kva.example.com']);
  });

  it('accepts DER, a Buffer holding PEM, and the "NEW CERTIFICATE REQUEST" label', async () => {
    const pem = await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'] });
    const fromDer = await parseCsr(derOf(pem));
    expect((await parseCsr(Buffer.from(pem))).der).toEqual(fromDer.der);
    const legacy = await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'], label: 'NEW' });
    expect(legacy).toContain('BEGIN NEW CERTIFICATE REQUEST');
    expect((await parseCsr(legacy)).pem).toContain('-----BEGIN CERTIFICATE REQUEST-----');
  });

  it('accepts exactly 100 names', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `host${i}.example.com`);
    expect((await parseCsr(await x509Csr({ sans: names }))).dnsNames).toHaveLength(100);
  });
});

describe('parseCsr refuses bad CSRs with a stable code', () => {
  const good = () => opensslCsr({ keyFile: keys['rsa:2048'], cn: 'a.example.com', sans: ['DNS:a.example.com'] });

  it.each([
    ['garbage text', async () => 'hello, this is not a CSR', /no "-----BEGIN/],
    ['garbage bytes', async () => Buffer.from([0x30, 0x82, 0xff, 0xff, 1, 2, 3]), /truncated/],
    ['an empty string', async () => '', /no "-----BEGIN/],
    ['a PEM without its END line', async () => (await good()).slice(0, 400), /END CERTIFICATE REQUEST.*truncated/],
    ['truncated DER', async () => derOf(await good()).subarray(0, 300), /truncated/],
    ['DER with trailing bytes', async () => Buffer.concat([derOf(await good()), Buffer.from([0, 0])]), /2 unexpected bytes/],
    ['a certificate instead of a CSR', async () => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', /"CERTIFICATE", expected/],
    ['a DER SEQUENCE that is not a CSR', async () => Buffer.from('300602010102010a', 'hex'), /not a PKCS#10/],
    ['a PEM body that is not base64', async () => '-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n', /base64/],
    ['a huge input', async () => Buffer.alloc(70_000, 0x30), /larger than/],
  ])('%s → CSR_MALFORMED', async (_, make, reason) => {
    const { code, message, details } = await refusal(await make());
    expect(code).toBe('CSR_MALFORMED');
    expect(details?.reason).toMatch(reason);
    expect(message).toMatch(/Send a PKCS#10 certificate signing request/);
  });

  it('a tampered signature → CSR_SIGNATURE_INVALID', async () => {
    const der = derOf(await good());
    await expect(parseCsr(der)).resolves.toBeDefined(); // the untampered one is fine
    expect((await refusal(tamperSignature(der))).code).toBe('CSR_SIGNATURE_INVALID');
  });

  it.each([
    ['RSA 1024', 'rsa:1024', { algorithm: 'RSA', bits: 1024 }],
    ['RSA exponent 3', 'rsa:2048:e3', { algorithm: 'RSA', bits: 2048, exponent: '3' }],
    ['ECDSA P-521', 'ec:P-521', { algorithm: 'ECDSA', curve: 'P-521' }],
    ['Ed25519', 'ed25519', { algorithm: 'ed25519' }],
  ] as const)('%s → CSR_KEY_UNSUPPORTED', async (_, kind, details) => {
    const refused = await refusal(await opensslCsr({ keyFile: keys[kind], sans: ['DNS:a.example.com'] }));
    expect(refused).toMatchObject({ code: 'CSR_KEY_UNSUPPORTED', details });
    expect(refused.message).toMatch(/Generate a new key/);
  });

  it.each([
    ['a name with a space', ['ok.example.com', 'foo bar.example.com'], 'foo bar.example.com'],
    ['an underscore', ['foo_bar.example.ac.uk'], 'foo_bar.example.ac.uk'],
    ['a wildcard below the left-most label', ['*.*.example.ac.uk'], '*.*.example.ac.uk'],
    ['a wildcard in the middle', ['foo.*.example.ac.uk'], 'foo.*.example.ac.uk'],
    ['a single-label name', ['intranet'], 'intranet'],
    ['a .local name', ['x.local'], 'x.local'],
    ['a .internal name', ['db.internal'], 'db.internal'],
  ])('%s → CSR_NAME_INVALID naming the culprit', async (_, sans, culprit) => {
    const refused = await refusal(await x509Csr({ sans }));
    expect(refused.code).toBe('CSR_NAME_INVALID');
    expect(refused.details?.names).toEqual([culprit]);
    expect(refused.message).toContain(culprit);
  });

  it('a non-ASCII name → CSR_NAME_INVALID', async () => {
    const refused = await refusal(await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:bücher.example.com'] }));
    expect(refused).toMatchObject({ code: 'CSR_NAME_INVALID', details: { names: ['bücher.example.com'] } });
    expect(refused.message).toMatch(/punycode/);
  });

  it('101 names → CSR_NAME_INVALID', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `host${i}.example.com`);
    expect(await refusal(await x509Csr({ sans: names }))).toMatchObject({ code: 'CSR_NAME_INVALID', details: { count: 101, max: 100 } });
  });

  it('an IP address SAN → CSR_NAME_INVALID', async () => {
    const refused = await refusal(await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com', 'IP:10.0.0.1'] }));
    expect(refused).toMatchObject({ code: 'CSR_NAME_INVALID', details: { names: ['iPAddress 10.0.0.1'] } });
  });

  it('an otherName SAN, which @peculiar/x509 would silently drop → CSR_NAME_INVALID', async () => {
    const pem = await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com', 'otherName:1.2.3.4;UTF8:hello'] });
    expect((await refusal(pem)).code).toBe('CSR_NAME_INVALID');
  });

  it('a CN that is not among the SANs → CSR_CN_NOT_IN_SAN', async () => {
    const refused = await refusal(await opensslCsr({ keyFile: keys['ec:P-256'], cn: 'other.example.com', sans: ['DNS:a.example.com'] }));
    expect(refused).toMatchObject({ code: 'CSR_CN_NOT_IN_SAN', details: { commonName: 'other.example.com' } });
  });

  it('no SAN and a CN that is not a host name → CSR_NAME_INVALID', async () => {
    const refused = await refusal(await opensslCsr({ keyFile: keys['ec:P-256'], cn: 'My Web Server' }));
    expect(refused.code).toBe('CSR_NAME_INVALID');
    expect(refused.message).toMatch(/no subjectAltName, so its CN/);
  });

  it('no SAN and no CN → CSR_NAME_INVALID', async () => {
    expect((await refusal(await opensslCsr({ keyFile: keys['ec:P-256'] }))).code).toBe('CSR_NAME_INVALID');
  });

  it('OCSP Must-Staple (TLS Feature, as certbot --must-staple asks) → CSR_MUST_STAPLE_UNSUPPORTED, saying how to leave it out', async () => {
    const pem = await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'], extensions: ['tlsfeature=status_request'] });
    const refused = await refusal(pem);
    expect(refused).toMatchObject({ code: 'CSR_MUST_STAPLE_UNSUPPORTED', kind: 'unprocessable', details: { extension: '1.3.6.1.5.5.7.1.24' } });
    expect(refused.message).toContain('--must-staple');
    // Other requested extensions (key usage, as openssl configs add) are passed over as before.
    const usage = await opensslCsr({ keyFile: keys['ec:P-256'], sans: ['DNS:a.example.com'], extensions: ['keyUsage=digitalSignature'] });
    await expect(parseCsr(usage)).resolves.toMatchObject({ dnsNames: ['a.example.com'] });
  });
});

describe('parseCsr reads what tools rarely produce', () => {
  it.each([
    ['UTF8String', 0x0c],
    ['PrintableString', 0x13],
    ['TeletexString', 0x14],
    ['IA5String', 0x16],
    ['BMPString', 0x1e],
    ['UniversalString', 0x1c],
  ])('a CN in a %s', async (_, tag) => {
    const csr = await parseCsr(derCsr({ commonNames: [directoryString(tag, 'Host.Example.com')] }));
    expect(csr).toMatchObject({ commonName: 'host.example.com', dnsNames: ['host.example.com'] });
  });

  it('a non-ASCII CN in a BMPString is decoded, and refused by name', async () => {
    const refused = await refusal(derCsr({ commonNames: [directoryString(0x1e, 'bücher.example.com')] }));
    expect(refused).toMatchObject({ code: 'CSR_NAME_INVALID', details: { names: ['bücher.example.com'] } });
  });

  it('a CN of no string type shows as hex, as before, and is refused', async () => {
    const refused = await refusal(derCsr({ commonNames: [Buffer.from('020105', 'hex')], sans: ['a.example.com'] }));
    expect(refused).toMatchObject({ code: 'CSR_CN_NOT_IN_SAN', details: { commonName: '020105' } });
  });

  it('a request without the [0] attributes field, names from its CN', async () => {
    const csr = await parseCsr(derCsr({ key: 'rsa-2048', attributes: null, commonNames: [directoryString(0x13, 'a.example.com')] }));
    expect(csr).toMatchObject({ keyAlgorithm: 'RSA', dnsNames: ['a.example.com'] });
  });

  it('other attributes (a challengePassword) are passed over', async () => {
    const challengePassword = sequence(oid('1.2.840.113549.1.9.7'), set(directoryString(0x0c, 'secret')));
    const csr = await parseCsr(derCsr({ attributes: [challengePassword, extensionRequest([subjectAltNameExtension('a.example.com')])] }));
    expect(csr.dnsNames).toEqual(['a.example.com']);
  });

  it.each([
    ['RSA, SHA-1', 'rsa:2048', 'sha1', []],
    ['RSA, SHA-384', 'rsa:2048', 'sha384', []],
    ['RSA, SHA-512', 'rsa:4096', 'sha512', []],
    ['RSA-PSS, SHA-256, salt 32', 'rsa:2048', undefined, ['rsa_padding_mode:pss', 'rsa_pss_saltlen:32']],
    ['RSA-PSS, SHA-384, openssl default salt', 'rsa:2048', 'sha384', ['rsa_padding_mode:pss']],
    ['ECDSA P-256, SHA-1', 'ec:P-256', 'sha1', []],
    ['ECDSA P-256, SHA-512', 'ec:P-256', 'sha512', []],
    ['ECDSA P-384, SHA-384', 'ec:P-384', 'sha384', []],
  ] as const)('a signature with %s, which @peculiar/x509 verified too', async (_, kind, digest, sigopts) => {
    const pem = await opensslCsr({ keyFile: keys[kind], sans: ['DNS:a.example.com'], digest, sigopts: [...sigopts] });
    await expect(parseCsr(pem)).resolves.toMatchObject({ dnsNames: ['a.example.com'] });
    expect((await refusal(tamperSignature(derOf(pem)))).code).toBe('CSR_SIGNATURE_INVALID');
  });
});

describe('parseCsr refuses what does not hold together', () => {
  it('a version other than 0 → CSR_MALFORMED', async () => {
    await expect(parseCsr(derCsr({ version: 0, sans: ['a.example.com'] }))).resolves.toBeDefined();
    const refused = await refusal(derCsr({ version: 1, sans: ['a.example.com'] }));
    expect(refused).toMatchObject({ code: 'CSR_MALFORMED', details: { reason: expect.stringMatching(/version is not 0/) } });
  });

  it.each([
    ['an ECDSA key, an RSA signature algorithm', 'ec-P-256', OID.sha256WithRSAEncryption],
    ['an RSA key, an ECDSA signature algorithm', 'rsa-2048', OID.ecdsaWithSHA256],
    ['an unknown signature algorithm', 'ec-P-256', '1.2.3.4'],
    ['RSASSA-PSS without its parameters', 'rsa-2048', '1.2.840.113549.1.1.10'],
  ] as const)('%s → CSR_SIGNATURE_INVALID', async (_, key, signatureAlgorithm) => {
    // The signature itself is sound for the key: only the algorithm named is wrong.
    expect((await refusal(derCsr({ key, sans: ['a.example.com'], signatureAlgorithm }))).code).toBe('CSR_SIGNATURE_INVALID');
  });

  it.each([
    ['two extensionRequest attributes', [extensionRequest([subjectAltNameExtension('a.example.com')]), extensionRequest([])], /more than one extensionRequest/],
    ['an extensionRequest with two lists of extensions', [extensionRequest([subjectAltNameExtension('a.example.com')], [subjectAltNameExtension('b.example.com')])], /more than one list/],
    ['two subjectAltName extensions', [extensionRequest([subjectAltNameExtension('a.example.com'), subjectAltNameExtension('b.example.com')])], /more than one subjectAltName/],
    ['an attribute that is not a SEQUENCE', [set()], /not a PKCS#10/],
  ])('%s → CSR_MALFORMED', async (_, attributes, reason) => {
    const refused = await refusal(derCsr({ attributes }));
    expect(refused).toMatchObject({ code: 'CSR_MALFORMED', details: { reason: expect.stringMatching(reason) } });
  });

  it('a CN in a UniversalString beyond Unicode → CSR_MALFORMED', async () => {
    const refused = await refusal(derCsr({ commonNames: [Buffer.from('1c0400110000', 'hex')], sans: ['a.example.com'] }));
    expect(refused).toMatchObject({ code: 'CSR_MALFORMED', details: { reason: expect.stringMatching(/beyond Unicode/) } });
  });

  it('DER truncated at every length → CSR_MALFORMED', async () => {
    const der = derCsr({ sans: ['a.example.com'] });
    for (let length = 1; length < der.length; length++) {
      expect({ length, code: (await refusal(der.subarray(0, length))).code }).toEqual({ length, code: 'CSR_MALFORMED' });
    }
  });
});
