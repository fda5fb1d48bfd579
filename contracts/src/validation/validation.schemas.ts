import { z } from 'zod';
import { certificateText } from '../lib/certificate-text';

const countryCode = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 country code');

/**
 * The organisation's details as an RAO submits them and an MRAO vets them (the certificate subject).
 * Each field that goes into a subject keeps to what libs/pki signs (leaf-profile.ts): O ≤ 64, L and ST
 * ≤ 128 characters (RFC 5280 upper bounds), C two letters, and no control, bidi or zero-width
 * character; the others (street, postal code, registration number) follow the same text rule.
 */
export const OrganisationDetailsSchema = z.object({
  legalName: certificateText(64),
  street: certificateText(200).optional(),
  locality: certificateText(128),
  state: certificateText(128).optional(),
  postalCode: certificateText(32).optional(),
  /** ISO 3166-1 alpha-2 */
  country: countryCode,
  registrationNumber: certificateText(64),
});
export type OrganisationDetails = z.infer<typeof OrganisationDetailsSchema>;

/** The subject's serialNumber is a PrintableString (X.520), as libs/pki encodes it. */
const printable = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9 '()+,\-./:=?]+$/, "letters, digits, spaces and '()+,-./:=? only (a PrintableString in the certificate)");

/** EV Guidelines §7.1.4.2: business categories. */
export const EvAnchorSchema = z.object({
  jurisdictionCountry: countryCode,
  jurisdictionState: certificateText(128).optional(),
  jurisdictionLocality: certificateText(128).optional(),
  businessCategory: z.enum(['Private Organization', 'Government Entity', 'Business Entity', 'Non-Commercial Entity']),
  registrationNumber: printable(64),
});
export type EvAnchor = z.infer<typeof EvAnchorSchema>;

export const DcvMethodSchema = z.enum(['dns-txt', 'dns-cname', 'http-file']);
export type DcvMethod = z.infer<typeof DcvMethodSchema>;

/** The five addresses of BR 3.2.2.4.4 (constructed e-mail to the domain contact). */
export const DcvMailboxSchema = z.enum(['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster']);

export const DomainNameSchema = z.string().trim().toLowerCase().min(1).max(253);

/** One domain of an organisation: its status, what to publish to prove control, and its delegations. */
export const DomainViewSchema = z.object({
  domain: z.string(),
  status: z.enum(['pending', 'validated', 'expired']),
  validatedAt: z.string().optional(),
  validUntil: z.string().optional(),
  method: z.string().optional(),
  /** whether a live validation covers names below the domain and wildcards (DNS, e-mail), not only the name itself (HTTP) */
  coversSubdomains: z.boolean().optional(),
  /** a subdomain with no live validation of its own, covered by this domain above it (validated by DNS or e-mail) */
  coveredBy: z.string().optional(),
  /** the latest validation by each method: `fqdn` covers that name only, `subdomains` the name, its subdomains and wildcards */
  validations: z
    .array(z.object({ method: z.string(), validatedAt: z.string(), validUntil: z.string(), scope: z.enum(['fqdn', 'subdomains']) }))
    .optional(),
  departmentIds: z.array(z.string()),
  /** absent once the token is older than its 30 days of use: add the domain again for a fresh one */
  challenge: z
    .object({
      token: z.string(),
      expiresAt: z.string(),
      dnsTxt: z.object({ name: z.string(), value: z.string() }),
      dnsCname: z.object({ name: z.string(), target: z.string() }),
      httpFile: z.object({ url: z.string(), content: z.string() }),
      emailTo: z.array(z.string()),
    })
    .optional(),
});
export type DomainView = z.infer<typeof DomainViewSchema>;

/**
 * Details as stored and shown: plain strings, so that what was accepted before the subject rules
 * (issue 18) can still be read; new input goes through the schemas above.
 */
const OrganisationDetailsViewSchema = z.object({
  legalName: z.string(),
  street: z.string().optional(),
  locality: z.string(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string(),
  registrationNumber: z.string(),
});
const EvAnchorViewSchema = z.object({
  jurisdictionCountry: z.string(),
  jurisdictionState: z.string().optional(),
  jurisdictionLocality: z.string().optional(),
  businessCategory: EvAnchorSchema.shape.businessCategory,
  registrationNumber: z.string(),
});

export const OrganisationValidationViewSchema = z.object({
  organisationId: z.string(),
  status: z.enum(['not-submitted', 'submitted', 'rejected', 'validated', 'expired']),
  details: OrganisationDetailsViewSchema.optional(),
  pending: OrganisationDetailsViewSchema.optional(),
  rejection: z.object({ reason: z.string(), at: z.string() }).optional(),
  validatedAt: z.string().optional(),
  validUntil: z.string().optional(),
  ev: EvAnchorViewSchema.extend({ vettedAt: z.string(), validUntil: z.string(), status: z.enum(['validated', 'expired']) }).optional(),
  /** EV details submitted and waiting to be vetted */
  pendingEv: EvAnchorViewSchema.optional(),
  domains: z.array(DomainViewSchema),
});
export type OrganisationValidationView = z.infer<typeof OrganisationValidationViewSchema>;
