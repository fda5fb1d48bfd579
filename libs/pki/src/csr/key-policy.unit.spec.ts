import { createPublicKey, ECDH, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { bitString, oid, sequence, tlv } from '../asn1/der-writer';
import { readChildren, readTlv } from '../der';
import { describeAcceptedKey, importSpki } from './key-policy';

const spkiOf = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });
const ecSpki = (curveOid: string, point: Buffer): Buffer =>
  sequence(sequence(oid('1.2.840.10045.2.1'), oid(curveOid)), bitString(point));

/** What OpenSSL's own DER decoder makes of an SPKI: the yardstick importSpki must match. */
function opensslReading(spki: Buffer): { type?: string; details?: object; spki: Buffer } | 'refused' {
  try {
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    return { type: key.asymmetricKeyType, details: key.asymmetricKeyDetails, spki: spkiOf(key) };
  } catch {
    return 'refused';
  }
}

async function importReading(spki: Buffer): Promise<ReturnType<typeof opensslReading>> {
  try {
    const key = await importSpki(spki);
    return { type: key.asymmetricKeyType, details: key.asymmetricKeyDetails, spki: spkiOf(key) };
  } catch (e) {
    expect(e).toMatchObject({ code: 'CSR_KEY_UNSUPPORTED', details: { algorithm: 'unknown' } });
    return 'refused';
  }
}

describe('importSpki reads a key exactly as OpenSSL reads its DER', () => {
  const generated: [string, () => KeyObject][] = [
    ['RSA 2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey],
    ['RSA 3072, exponent 3', () => generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 3 }).publicKey],
    ['RSA-PSS 2048', () => generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey],
    ['EC P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    ['EC P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey],
    ['EC P-521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey],
    ['Ed25519', () => generateKeyPairSync('ed25519').publicKey],
  ];

  it.each(generated)('%s', async (_, make) => {
    const spki = spkiOf(make());
    const reading = await importReading(spki);
    expect(reading).toEqual(opensslReading(spki));
    expect(reading).not.toBe('refused');
  });

  it('an EC point that is not on the curve is refused, as the DER decoder refuses it', async () => {
    const spki = spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey);
    spki[spki.length - 1] ^= 0x01;
    expect(opensslReading(spki)).toBe('refused');
    expect(await importReading(spki)).toBe('refused');
  });

  it('a compressed EC point goes to the DER decoder, which reads it', async () => {
    const raw = spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey).subarray(-65);
    const spki = ecSpki('1.2.840.10045.3.1.7', ECDH.convertKey(raw, 'prime256v1', undefined, undefined, 'compressed') as Buffer);
    const reading = await importReading(spki);
    expect(reading).toEqual(opensslReading(spki));
    expect(reading).toMatchObject({ type: 'ec', details: { namedCurve: 'prime256v1' } });
  });

  it('an RSA modulus with a needless leading zero is read as the DER decoder reads it', async () => {
    const spki = spkiOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    const fields = readTlv(spki).value;
    const [algorithm, bits] = readChildren(fields);
    const [n, e] = readChildren(readTlv(bits.value, 1).value);
    const padded = sequence(fields.subarray(0, algorithm.end), bitString(sequence(tlv(0x02, Buffer.from([0]), n.value), tlv(0x02, e.value))));
    const reading = await importReading(padded);
    expect(reading).toEqual(opensslReading(padded));
    expect(reading).toMatchObject({ type: 'rsa', details: { modulusLength: 2048 } }); // OpenSSL is lenient here
  });

  it('garbage is refused as unrecognised', async () => {
    expect(await importReading(Buffer.from('300a300406022a0303020000', 'hex'))).toBe('refused');
  });
});

describe('describeAcceptedKey', () => {
  it('describes the keys we certify', () => {
    expect(describeAcceptedKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey)).toEqual({ keyAlgorithm: 'ECDSA', keyBits: 384, curve: 'P-384' });
    expect(describeAcceptedKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey)).toEqual({ keyAlgorithm: 'RSA', keyBits: 2048 });
  });
});
