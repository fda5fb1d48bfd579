import { z } from 'zod';
import type { CertificateType } from './common';

/**
 * Which catalogue type serves a set of server names, for callers that pick the type themselves
 * (ACME: clients name identifiers, not types). The same rules issuance applies to a chosen type
 * (its checkTlsNamesFitType), here so that a name set no type can serve is refused when it is
 * asked for, not after the order was accepted.
 */
export const CertificateFamilySchema = z.enum(['ov', 'ev']);
export type CertificateFamily = z.infer<typeof CertificateFamilySchema>;

export type TlsTypeChoice =
  | { ok: true; certificateType: CertificateType }
  | { ok: false; code: 'CERTIFICATE_TYPE_NONE_FITS'; message: string; names: string[] };

const refuse = (message: string, names: string[]): TlsTypeChoice => ({ ok: false, code: 'CERTIFICATE_TYPE_NONE_FITS', message, names });

/** `names`: lower-case DNS names, `*.` for a wildcard. */
export function tlsCertificateTypeFor(family: CertificateFamily, names: readonly string[]): TlsTypeChoice {
  const wildcards = names.filter((n) => n.startsWith('*.'));
  if (wildcards.length === 0) {
    const certificateType = names.length === 1 ? `${family}-ssl` : `${family}-multi-domain`;
    return { ok: true, certificateType: certificateType as CertificateType };
  }
  if (family === 'ev')
    return refuse(
      `EV certificates cannot contain wildcard names (${wildcards.join(', ')}): list the host names, or ask for an OV certificate (ACME: "profile": "ov").`,
      wildcards,
    );
  if (wildcards.length > 1)
    return refuse(
      `A certificate holds at most one wildcard name (with its base name); ${wildcards.join(' and ')} need one order (certificate) each.`,
      wildcards,
    );
  const [wildcard] = wildcards;
  const others = names.filter((n) => n !== wildcard && `*.${n}` !== wildcard);
  if (others.length > 0)
    return refuse(
      `A wildcard certificate covers one wildcard name, optionally with its base name (${wildcard}, ${wildcard.slice(2)}); ` +
        `${others.join(', ')} ${others.length === 1 ? 'needs' : 'need'} a certificate of its own. ` +
        `A name one label under the wildcard (such as www.${wildcard.slice(2)}) is covered by ${wildcard} already: leave it out.`,
      others,
    );
  return { ok: true, certificateType: 'ov-wildcard' };
}
