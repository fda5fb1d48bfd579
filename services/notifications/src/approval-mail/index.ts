import { ApprovalMailNatsController } from './approval-mail.nats.controller';
import { QueueApprovalMailHandler } from './queue-approval-mail.handler';

/** E-mails to approvers of held certificate requests: registered in notifications.module.ts as one entry. */
export const APPROVAL_MAIL_PROVIDERS = [ApprovalMailNatsController, QueueApprovalMailHandler];
