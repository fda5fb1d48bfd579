import { z } from 'zod';
import { defineRequest, type RequestOf, type ResponseOf } from '../../lib/define';
import { Email } from '../identity.schemas';

export const BootstrapOperator = defineRequest(
  'identity.cmd.bootstrap-operator.v1',
  z.object({ email: Email, name: z.string().min(1), password: z.string().min(12) }),
  z.object({ adminId: z.string(), created: z.boolean() }),
);

export type BootstrapOperatorRequest = RequestOf<typeof BootstrapOperator>;
export type BootstrapOperatorResponse = ResponseOf<typeof BootstrapOperator>;
