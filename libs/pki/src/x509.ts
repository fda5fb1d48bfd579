/**
 * The one place that loads @peculiar/x509. It resolves its algorithm registry through
 * tsyringe, which needs the reflect-metadata polyfill loaded first, and it signs and
 * verifies through whatever WebCrypto it is given: Node's, i.e. OpenSSL.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
