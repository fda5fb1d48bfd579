import { z } from 'zod';

/**
 * Characters that must never reach a certificate subject: C0 and C1 controls (and DEL), bidirectional
 * controls (U+200E/F, U+061C, U+202A-202E, U+2066-2069: an RLO can make "Bank" read as another name) and
 * zero-width characters (U+200B-200D, U+2060, U+FEFF: two names that look the same but differ).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;

/** The first character of `text` that may not go into a certificate, as `U+XXXX at <index>`; undefined when none. */
export function unsafeCharacter(text: string): string | undefined {
  const found = UNSAFE.exec(text);
  if (!found) return undefined;
  return `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${found.index + 1}`;
}

/** Stable code of the refusal, in the issue's params (the gateway lists it with the field's path). */
export const CERTIFICATE_TEXT_INVALID = 'CERTIFICATE_TEXT_INVALID';

/**
 * Free text that ends in a certificate subject (organisation name, OV / EV details): trimmed,
 * 1 to `max` characters (the RFC 5280 upper bound of the attribute it fills), no control,
 * bidirectional or zero-width character. libs/pki checks the same again when it signs.
 */
export const certificateText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters (the limit of this certificate subject field, RFC 5280)`)
    .superRefine((text, ctx) => {
      const found = unsafeCharacter(text);
      if (found)
        ctx.addIssue({
          code: 'custom',
          message: `must not contain control, bidirectional or zero-width characters (found ${found}): they would hide or reorder text in the certificate`,
          params: { code: CERTIFICATE_TEXT_INVALID },
        });
    });
