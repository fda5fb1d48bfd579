/** RFC 5280 5.3.1 CRLReason values for the reasons the Baseline Requirements allow (BR 7.2.2). */
export const REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof REASON_CODES;

export const reasonCode = (reason: string): number | undefined => REASON_CODES[reason as RevocationReason];
