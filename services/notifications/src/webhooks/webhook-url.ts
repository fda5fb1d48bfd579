import { isIP } from 'node:net';
import { DomainError, isPrivateAddress } from '@platform/kernel';

const invalid = (message: string) => new DomainError('WEBHOOK_URL_INVALID', 'unprocessable', message, { errors: [{ path: 'url', message }] });

/**
 * An endpoint must be an absolute HTTPS URL without credentials or fragment. Unless private addresses
 * are allowed (tests), a host that is a special-purpose address or a name for loopback is refused here;
 * names are checked again at every delivery, where they resolve (DNS can change).
 */
export function checkWebhookUrl(value: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('The url is not an absolute URL: give one such as https://hooks.example.ac.uk/certificates.');
  }
  if (url.protocol !== 'https:') throw invalid('Webhook endpoints must use https.');
  if (url.username || url.password) throw invalid('The url must not hold credentials: the deliveries are signed instead.');
  if (url.hash) throw invalid('The url must not have a fragment.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ((isIP(host) !== 0 && isPrivateAddress(host)) || host === 'localhost' || host.endsWith('.localhost')))
    throw new DomainError('WEBHOOK_URL_PRIVATE', 'unprocessable', 'The url points at a loopback, private or other special-purpose address: webhooks go to public endpoints only.', {
      errors: [{ path: 'url', message: 'a public address is needed' }],
    });
  return url.href;
}
