/** The demo catalogue (DESIGN.md §2): allowance per term and yearly price in pence. */
export type UsageClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export interface UsageClassTerms {
  allowance: number;
  memberPricePence: number;
  nonMemberPricePence: number;
}

export const USAGE_CLASSES: Record<UsageClass, UsageClassTerms> = {
  A: { allowance: 50, memberPricePence: 50_000, nonMemberPricePence: 75_000 },
  B: { allowance: 100, memberPricePence: 90_000, nonMemberPricePence: 135_000 },
  C: { allowance: 250, memberPricePence: 200_000, nonMemberPricePence: 300_000 },
  D: { allowance: 500, memberPricePence: 350_000, nonMemberPricePence: 525_000 },
  E: { allowance: 1_000, memberPricePence: 600_000, nonMemberPricePence: 900_000 },
  F: { allowance: 2_500, memberPricePence: 1_200_000, nonMemberPricePence: 1_800_000 },
};

export const priceOf = (usageClass: UsageClass, member: boolean): number =>
  member ? USAGE_CLASSES[usageClass].memberPricePence : USAGE_CLASSES[usageClass].nonMemberPricePence;
