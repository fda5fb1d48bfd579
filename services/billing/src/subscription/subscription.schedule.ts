import { priceOf } from '../usage-classes';
import { addMonths, addOneYear, dayOf, startOfDay } from './subscription.calendar';
import type { SubscriptionEvent } from './subscription.events';
import { evolve } from './subscription.evolve';
import { classLine, invoiceNumber } from './subscription.pricing';
import { type ActiveSubscription, type SubscriptionState, nextTerm } from './subscription.state';

/** A reservation whose issuance never confirmed nor released it (a crash) is given back after this. */
export const RESERVATION_TIMEOUT_MS = 10 * 60_000;
/** The renewal reminder goes out this many calendar months before the term ends. */
export const REMINDER_MONTHS_BEFORE_END = 3;
/** After an automatic renewal, a PO is due this many calendar months after the old term's end. */
export const PO_GRACE_MONTHS = 1;

const reminderDay = (s: ActiveSubscription): string => addMonths(s.term.end, -REMINDER_MONTHS_BEFORE_END);

/**
 * Everything time makes due at `at`, derived only from state: expired reservations, the renewal reminder
 * (only when a link token is given), the automatic renewal and the start of the next term, the suspension
 * for a missing PO. Deciding it again on the resulting state gives nothing, which is why the scheduler
 * can run on any instance, any number of times, and after a restart: it never fires twice.
 */
export function dueEvents(state: SubscriptionState, at: Date, renewalToken?: string): SubscriptionEvent[] {
  const events: SubscriptionEvent[] = [];
  let s = state;
  const push = (event: SubscriptionEvent) => {
    events.push(event);
    s = evolve(s, event);
  };
  if (s.status === 'none') return [];
  const now = at.toISOString();
  const day = dayOf(at);

  for (const [certificateId, r] of Object.entries(s.reservations))
    if (Date.parse(r.reservedAt) + RESERVATION_TIMEOUT_MS <= at.getTime())
      push({ type: 'AllowanceReleased', data: { certificateId, termStart: r.termStart, releasedAt: now, reason: 'expired' } });

  // Terms roll over one at a time, so a scheduler that was down for longer still records each renewal.
  for (let current = s as ActiveSubscription; day >= current.term.end; current = s as ActiveSubscription) {
    if (!nextTerm(current)) {
      const { term, usageClass, member, organisationId } = current;
      const pricePence = priceOf(usageClass, member);
      const number = invoiceNumber(organisationId, current.invoiceCount + 1);
      const termEnd = addOneYear(term.end);
      push({
        type: 'SubscriptionRenewed',
        data: {
          fromTermStart: term.start,
          termStart: term.end,
          termEnd,
          usageClass,
          allowance: current.allowance,
          pricePence,
          member,
          automatic: true,
          renewedBy: 'system:billing',
          renewedAt: now,
          invoiceNumber: number,
          poDueBy: addMonths(term.end, PO_GRACE_MONTHS),
        },
      });
      push({
        type: 'InvoiceRaised',
        data: {
          invoiceNumber: number,
          organisationId,
          termStart: term.end,
          reason: 'auto-renewal',
          lines: [{ description: `Automatic renewal: ${classLine(usageClass, term.end, termEnd)}`, amountPence: pricePence }],
          totalPence: pricePence,
          status: 'awaiting-po',
          raisedAt: now,
        },
      });
    }
    const next = nextTerm(s as ActiveSubscription)!;
    push({
      type: 'TermStarted',
      data: { termStart: next.termStart, termEnd: next.termEnd, usageClass: next.usageClass, allowance: next.allowance, startedAt: now },
    });
  }

  const current = s as ActiveSubscription;
  if (renewalToken && !nextTerm(current) && !current.reminder && day >= reminderDay(current))
    push({
      type: 'RenewalReminderSent',
      data: { termStart: current.term.start, termEnd: current.term.end, renewalToken, sentAt: now },
    });

  if (current.awaitingPo && current.status === 'active' && day >= current.awaitingPo.dueBy)
    push({
      type: 'SubscriptionSuspended',
      data: { termStart: current.awaitingPo.termStart, invoiceNumber: current.awaitingPo.invoiceNumber, suspendedAt: now },
    });
  return events;
}

/** The schedule-relevant facts of a subscription: what the aggregate and the scheduler's index both know. */
export interface ScheduleFacts {
  termEnd: string;
  reminderSent: boolean;
  renewed: boolean;
  /** set while an automatic renewal waits for its PO and the subscription is not suspended yet */
  poDueBy?: string;
}

/** The earliest instant at which time makes something due for these facts (reservations aside). */
export function scheduleDueAt(f: ScheduleFacts): Date {
  const candidates = [startOfDay(f.termEnd).getTime()];
  if (!f.renewed && !f.reminderSent) candidates.push(startOfDay(addMonths(f.termEnd, -REMINDER_MONTHS_BEFORE_END)).getTime());
  if (f.poDueBy) candidates.push(startOfDay(f.poDueBy).getTime());
  return new Date(Math.min(...candidates));
}

/** The earliest instant at which dueEvents will have something to do. */
export function nextDueAt(state: SubscriptionState): Date | undefined {
  if (state.status === 'none') return undefined;
  const due = scheduleDueAt({
    termEnd: state.term.end,
    reminderSent: !!state.reminder,
    renewed: !!nextTerm(state),
    poDueBy: state.status === 'active' ? state.awaitingPo?.dueBy : undefined,
  });
  const expiries = Object.values(state.reservations).map((r) => Date.parse(r.reservedAt) + RESERVATION_TIMEOUT_MS);
  return new Date(Math.min(due.getTime(), ...expiries));
}
