/** The names a subscriber certificate may carry, re-checked by the CA whatever the caller vouches for. */
import { MAX_DNS_NAMES } from '../csr/parse-csr';
import { dnsNameProblem, normaliseDnsNames } from '../names/dns-name';
import { CaErrorCode, invalidRequest } from './ca.errors';

export function checkNames(requested: readonly string[]): string[] {
  const { names, problems } = normaliseDnsNames(requested);
  if (names.length === 0 || names.length > MAX_DNS_NAMES || problems.length > 0) {
    const why =
      problems.length > 0
        ? problems.map((p) => `"${p.name}" ${p.reason}`).join('; ')
        : `between 1 and ${MAX_DNS_NAMES} names are required, got ${names.length}`;
    throw invalidRequest(CaErrorCode.nameInvalid, `The certificate cannot be issued for these names: ${why}.`, {
      names: problems.map((p) => p.name),
      problems,
    });
  }
  return names;
}

/** ASCII mailboxes (RFC 5321 dot-atom local part) at a valid host name; the domain is lower-cased. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export function checkEmailAddresses(requested: readonly string[]): string[] {
  const problems: { name: string; reason: string }[] = [];
  const names: string[] = [];
  for (const address of requested) {
    const at = address.lastIndexOf('@');
    const local = address.slice(0, at);
    const domain = address.slice(at + 1).toLowerCase();
    const domainProblem = at > 0 ? dnsNameProblem(domain) : 'has no "@"';
    if (at <= 0 || !LOCAL_PART.test(local) || local.length > 64 || domainProblem || domain.startsWith('*')) {
      problems.push({ name: address, reason: typeof domainProblem === 'string' ? domainProblem : 'is not a valid mailbox address' });
    } else if (!names.includes(`${local}@${domain}`)) names.push(`${local}@${domain}`);
  }
  if (names.length === 0 || names.length > MAX_DNS_NAMES || problems.length > 0) {
    const why = problems.length > 0 ? problems.map((p) => `"${p.name}" ${p.reason}`).join('; ') : 'at least one mailbox is required';
    throw invalidRequest(CaErrorCode.nameInvalid, `The certificate cannot be issued for these mailboxes: ${why}.`, {
      names: problems.map((p) => p.name),
      problems,
    });
  }
  return names;
}
