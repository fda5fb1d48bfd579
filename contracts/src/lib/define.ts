import { z } from 'zod';

/**
 * Every message between services is defined here once: its subject (with its version) and its zod
 * schema, from which the TypeScript type is inferred. Producers and consumers both validate.
 * A breaking change is a new version published beside the old one; fields are never renamed.
 */

/** A command or query answered over request/reply. */
export interface RequestContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  kind: 'request';
  subject: string;
  request: Req;
  response: Res;
}

/** An integration event, published to the owning context's JetStream stream. */
export interface EventContract<Data extends z.ZodType = z.ZodType> {
  kind: 'event';
  subject: string;
  /** the JetStream stream that holds it: one per bounded context */
  stream: string;
  schema: Data;
}

const SUBJECT = /^[a-z]+\.(cmd|qry|evt)\.[a-z0-9-]+(\.[a-z0-9-]+)*\.v[0-9]+$/;

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  subject: string,
  request: Req,
  response: Res,
): RequestContract<Req, Res> {
  if (!SUBJECT.test(subject) || subject.includes('.evt.')) throw new Error(`bad request subject ${subject}`);
  return { kind: 'request', subject, request, response };
}

export function defineEvent<Data extends z.ZodType>(subject: string, schema: Data): EventContract<Data> {
  if (!SUBJECT.test(subject) || !subject.includes('.evt.')) throw new Error(`bad event subject ${subject}`);
  return { kind: 'event', subject, stream: subject.split('.')[0].toUpperCase(), schema };
}

/** What a sender passes: fields with defaults may be left out. */
export type RequestInputOf<C> = C extends RequestContract<infer R, z.ZodType> ? z.input<R> : never;
/** What a handler receives, defaults applied. */
export type RequestOf<C> = C extends RequestContract<infer R, z.ZodType> ? z.infer<R> : never;
export type ResponseOf<C> = C extends RequestContract<z.ZodType, infer R> ? z.infer<R> : never;
export type EventDataOf<C> = C extends EventContract<infer D> ? z.infer<D> : never;
