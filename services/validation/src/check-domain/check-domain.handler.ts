import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { DomainError } from '@platform/kernel';
import { type DnsClient } from '../dns/dns-client';
import { checkDomainControl } from '../dns/domain-control';
import { DNS_CLIENT, VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { tokenExpiresAt } from '../validation/reuse-periods';
import { assertPrivilege } from '../validation/validation.access';
import { domainView } from '../validation/validation.view';
import { ValidationWriter } from '../validation/validation.writer';

export class CheckDomainCommand extends Command<Validation.CheckDomainResponse> {
  constructor(
    readonly input: Validation.CheckDomainRequest,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** Looks for the token now (real DNS / HTTP); a found token validates the domain from this instant. */
@CommandHandler(CheckDomainCommand)
export class CheckDomainHandler implements ICommandHandler<CheckDomainCommand> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
    @Inject(DNS_CLIENT) private readonly dns: DnsClient,
  ) {}

  async execute({ input, correlationId }: CheckDomainCommand) {
    assertPrivilege(input.actor, input.organisationId, 'manage-domains');
    const { organisationId, domain, method } = input;
    const record = (await this.writer.read(organisationId)).domains[domain];
    if (!record) throw new DomainError('DOMAIN_NOT_ADDED', 'not_found', `${domain} is not a domain of this organisation: add it first.`, { domain });
    if (!record.token || tokenExpiresAt(new Date(record.token.issuedAt)) <= this.writer.now())
      throw new DomainError('DCV_TOKEN_EXPIRED', 'conflict', `The validation token of ${domain} is older than 30 days: add the domain again for a fresh one.`);
    const token = record.token.value;
    const result = await checkDomainControl(this.dns, this.config, method, domain, token);
    if (!result.found)
      throw new DomainError('DCV_CHECK_FAILED', 'unprocessable', `${domain} is not validated: ${result.reason}. Publish the token and check again.`, {
        domain,
        method,
      });
    const { state, at } = await this.writer.execute({ type: 'RecordDomainControl', organisationId, domain, method, token, by: input.actor.adminId }, correlationId);
    return domainView(domain, state.domains[domain], at, this.config.cnameTarget, state.domains);
  }
}
