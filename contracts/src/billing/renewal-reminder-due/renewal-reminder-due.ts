import { z } from 'zod';
import { defineEvent, type EventDataOf } from '../../lib/define';

/** Three calendar months before the term ends: notifications e-mails every active RAO the renewal link. */
export const RenewalReminderDue = defineEvent(
  'billing.evt.subscription.renewal-reminder-due.v1',
  z.object({
    organisationId: z.string(),
    termStart: z.string(),
    termEnd: z.string(),
    /** the link's token: works once per term (a second use is told who renewed) */
    renewalLink: z.string(),
  }),
);

export type RenewalReminderDueData = EventDataOf<typeof RenewalReminderDue>;
