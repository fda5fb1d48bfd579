import * as argon2 from 'argon2';
import { DomainError } from '@platform/kernel';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), OWASP's recommended range. */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

export const verifyPassword = (hash: string, password: string): Promise<boolean> =>
  argon2.verify(hash, password).catch(() => false);

/** Verified against when the account does not exist, so the answer takes as long either way. */
let dummyHash: Promise<string> | undefined;
export const burnVerification = async (password: string): Promise<void> => {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  await verifyPassword(await dummyHash, password);
};

/** NIST SP 800-63B: length over composition rules; no password equal to the e-mail address. */
export function checkPasswordPolicy(password: string, email: string): void {
  const problems = [
    ...(password.length < 12 ? ['at least 12 characters'] : []),
    ...(password.length > 256 ? ['at most 256 characters'] : []),
    ...(password.trim().toLowerCase() === email.toLowerCase() ? ['not your e-mail address'] : []),
  ];
  if (problems.length > 0)
    throw new DomainError('PASSWORD_POLICY', 'invalid', `The password must be ${problems.join(' and ')}.`, { problems });
}
