import { randomBytes } from 'node:crypto';

/**
 * 16 bytes from the CSPRNG (the Baseline Requirements ask for at least 64 random bits), top
 * bit cleared so the DER INTEGER is positive without a padding byte, never zero. Lower-case hex.
 */
export function randomSerialNumber(): string {
  for (;;) {
    const bytes = randomBytes(16);
    bytes[0] &= 0x7f;
    if (bytes.some((b) => b !== 0)) return bytes.toString('hex');
  }
}
