import { USAGE_CLASSES, type UsageClass, priceOf } from '../usage-classes';
import { daysBetween } from './subscription.calendar';

const ORDER: UsageClass[] = ['A', 'B', 'C', 'D', 'E', 'F'];
export const classRank = (c: UsageClass): number => ORDER.indexOf(c);

/** a ÷ b rounded half up, for non-negative integers (exact: no floating point fractions involved). */
export const divideRoundHalfUp = (a: number, b: number): number => Math.floor((2 * a + b) / (2 * b));

export interface ProRata {
  daysLeft: number;
  daysInTerm: number;
  amountPence: number;
}

/**
 * The upgrade invoice: (new price − old price) × days left ÷ days in term, in pence, rounded half up.
 * Days left count from the upgrade day (inclusive) to the term's end (exclusive), so an upgrade on the
 * first day costs the whole difference and one on the last day 1/365 (or 1/366) of it.
 */
export function upgradeCharge(o: {
  from: UsageClass;
  to: UsageClass;
  member: boolean;
  termStart: string;
  termEnd: string;
  upgradedOn: string;
}): ProRata {
  const daysInTerm = daysBetween(o.termStart, o.termEnd);
  const daysLeft = daysBetween(o.upgradedOn, o.termEnd);
  const difference = priceOf(o.to, o.member) - priceOf(o.from, o.member);
  return { daysLeft, daysInTerm, amountPence: divideRoundHalfUp(difference * daysLeft, daysInTerm) };
}

/** Invoice numbers are per organisation and sequential: INV-<first 8 of the org id>-0001. */
export const invoiceNumber = (organisationId: string, sequence: number): string =>
  `INV-${organisationId.replace(/-/g, '').slice(0, 8).toUpperCase()}-${String(sequence).padStart(4, '0')}`;

export const classLine = (usageClass: UsageClass, termStart: string, termEnd: string): string =>
  `Usage class ${usageClass} (${USAGE_CLASSES[usageClass].allowance} certificates), term ${termStart} to ${termEnd}`;
