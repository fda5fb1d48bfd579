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

// CSPRNG output drawn 4 KiB at a time: one randomBytes call costs ~7 µs whatever its size, a
// quarter of a whole P-256 certificate. Each serial still takes 16 fresh bytes, never reused.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let offset = POOL_SIZE;

/** The same 16 random bytes as a Buffer, for encoders that write the INTEGER themselves. */
export function randomSerialBytes(): Buffer {
  for (;;) {
    if (offset + 16 > pool.length) {
      pool = randomBytes(POOL_SIZE);
      offset = 0;
    }
    const bytes = Buffer.from(pool.subarray(offset, offset + 16));
    pool.fill(0, offset, offset + 16); // drawn bytes do not linger in the pool
    offset += 16;
    bytes[0] &= 0x7f;
    if (bytes.some((b) => b !== 0)) return bytes;
  }
}
