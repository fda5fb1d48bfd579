import { DOMAIN_VALIDATION_METHODS, type DomainValidationMethod, type ValidationEvent } from './validation.events';

/**
 * Older shapes of the stored events, read as today's. Every `DomainValidated` written so far names its
 * method (since the first version), and ACME recorded http-01 as `http-file` and dns-01 as `dns-txt`,
 * whose scopes are those of `acme-http-01` / `acme-dns-01`, so they need no rewriting. An event without a
 * method we know (none is expected) is read as `http-file`: the narrowest scope, that name only, so
 * that no stored fact can grant more than it proved.
 */
export function upcastValidationEvent(event: ValidationEvent): ValidationEvent {
  if (event.type !== 'DomainValidated') return event;
  const method = event.data.method as string | undefined;
  if (DOMAIN_VALIDATION_METHODS.includes(method as DomainValidationMethod)) return event;
  return { ...event, data: { ...event.data, method: 'http-file' } };
}
