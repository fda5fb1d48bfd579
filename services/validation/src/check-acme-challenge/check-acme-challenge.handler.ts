import { createHash, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { type DnsClient } from '../dns/dns-client';
import { checkHttpFile } from '../dns/domain-control';
import { DNS_CLIENT, VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { ValidationWriter } from '../validation/validation.writer';

export class CheckAcmeChallengeCommand extends Command<Validation.CheckAcmeChallengeResponse> {
  constructor(
    readonly input: Validation.CheckAcmeChallengeRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/**
 * Looks for an ACME challenge's answer now: http-01 at http://<name>/.well-known/acme-challenge/<token>
 * (BR 3.2.2.4.19), dns-01 as a TXT at _acme-challenge.<name> (BR 3.2.2.4.7). Found: control of the
 * name is recorded like any other DCV, under its own method, so issuance checks it the same way on every
 * path: http-01 covers that exact name only, dns-01 the name, its subdomains and wildcards (domain-scope.ts).
 */
@CommandHandler(CheckAcmeChallengeCommand)
export class CheckAcmeChallengeHandler implements ICommandHandler<CheckAcmeChallengeCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
    @Inject(DNS_CLIENT) private readonly dns: DnsClient,
  ) {}

  async execute({ input, correlationId }: CheckAcmeChallengeCommand): Promise<Validation.CheckAcmeChallengeResponse> {
    const { organisationId, name, type, token, keyAuthorization } = input;
    const found = await this.look(type, name, token, keyAuthorization);
    if (!found.found) return { valid: false, detail: found.reason };
    const by = input.requestedBy;
    // The name becomes a domain of the organisation (a token of its own if it was not one), then validated.
    await this.writer.execute({ type: 'AddDomain', organisationId, domain: name, token: randomBytes(16).toString('hex'), by }, correlationId);
    const live = (await this.writer.read(organisationId)).domains[name]?.token?.value ?? '';
    const method = type === 'http-01' ? 'acme-http-01' : 'acme-dns-01';
    await this.writer.execute({ type: 'RecordDomainControl', organisationId, domain: name, method, token: live, by }, correlationId);
    return { valid: true, detail: `${name} validated by ${type}` };
  }

  private async look(type: 'http-01' | 'dns-01', name: string, token: string, keyAuthorization: string) {
    try {
      if (type === 'http-01') return await checkHttpFile(this.dns, this.config, name, `/.well-known/acme-challenge/${token}`, keyAuthorization);
      const digest = createHash('sha256').update(keyAuthorization).digest('base64url');
      const values = await this.dns.txt(`_acme-challenge.${name}`);
      return values.some((v) => v.trim() === digest)
        ? ({ found: true } as const)
        : ({ found: false, reason: `no TXT record at _acme-challenge.${name} holds ${digest} (found ${values.length} other value(s))` } as const);
    } catch (error) {
      return { found: false, reason: `the ${type} lookup failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` } as const;
    }
  }
}
