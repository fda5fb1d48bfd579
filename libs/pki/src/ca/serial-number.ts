import { randomBytes, randomFillSync } from 'node:crypto';

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

// CSPRNG output drawn 4 KiB at a time: one randomBytes call costs a few µs whatever its size, a
// tenth of a whole P-256 certificate. Each serial still takes 16 fresh bytes, never reused.
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

/** The same 16 random bytes, written into `target` (for encoders that write the INTEGER themselves). */
export function randomSerialInto(target: Buffer): Buffer {
  for (;;) {
    if (offset + 16 > POOL_SIZE) {
      randomFillSync(pool);
      offset = 0;
    }
    let nonZero = false;
    for (let i = 0; i < 16; i++) {
      const byte = i === 0 ? pool[offset] & 0x7f : pool[offset + i];
      target[i] = byte;
      pool[offset + i] = 0; // drawn bytes do not linger in the pool
      nonZero ||= byte !== 0;
    }
    offset += 16;
    if (nonZero) return target;
  }
}
