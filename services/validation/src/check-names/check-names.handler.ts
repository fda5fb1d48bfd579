import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Validation } from '@platform/contracts';
import { checkCaa } from '../dns/caa';
import type { DnsClient } from '../dns/dns-client';
import { DNS_CLIENT, VALIDATION_CONFIG } from '../validation.tokens';
import type { ValidationConfig } from '../validation.config';
import { type ValidationProblem, checkNames } from '../validation/coverage';
import { ValidationWriter } from '../validation/validation.writer';

export class CheckNamesQuery extends Query<Validation.CheckNamesResponse> {
  constructor(readonly input: Validation.CheckNamesRequest) {
    super();
  }
}

/** Asked by issuance before every issuance: vetting, EV, coverage (and delegation), and CAA for every server name. */
@QueryHandler(CheckNamesQuery)
export class CheckNamesHandler implements IQueryHandler<CheckNamesQuery> {
  constructor(
    private readonly writer: ValidationWriter,
    @Inject(VALIDATION_CONFIG) private readonly config: ValidationConfig,
    @Inject(DNS_CLIENT) private readonly dns: DnsClient,
  ) {}

  async execute({ input }: CheckNamesQuery): Promise<Validation.CheckNamesResponse> {
    const state = await this.writer.read(input.organisationId);
    const result = checkNames(state, input, this.writer.now());
    const problems = [...result.problems, ...(await this.caaProblems(input))];
    return { ...result, allowed: problems.length === 0, problems };
  }

  /** CAA governs TLS server names (RFC 8659); S/MIME mailboxes are not subject to it here. */
  private async caaProblems(input: Validation.CheckNamesRequest): Promise<ValidationProblem[]> {
    if (input.certificateType.startsWith('smime-')) return [];
    const names = [...new Set(input.names.map((n) => n.toLowerCase()).filter((n) => !n.includes('@')))];
    const verdicts = await Promise.all(names.map(async (name) => ({ name, verdict: await checkCaa(this.dns, name, this.config.caaIdentities) })));
    const problems: ValidationProblem[] = [];
    const forbidden = verdicts.filter((v) => v.verdict.outcome === 'forbidden');
    if (forbidden.length > 0)
      problems.push({
        code: 'CAA_FORBIDS_ISSUANCE',
        message: `CAA records do not allow this CA (${this.config.caaIdentities.join(', ')}) to issue for ${forbidden
          .map((v) => `${v.name} (${v.verdict.outcome === 'forbidden' ? `at ${v.verdict.at}: ${v.verdict.reason}` : ''})`)
          .join('; ')}. Add a CAA record "0 issue \\"${this.config.caaIdentities[0]}\\"" or remove the restriction.`,
        names: forbidden.map((v) => v.name),
      });
    const failed = verdicts.filter((v) => v.verdict.outcome === 'lookup-failed');
    if (failed.length > 0)
      problems.push({
        code: 'CAA_LOOKUP_FAILED',
        message: `The CAA records could not be read for ${failed
          .map((v) => `${v.name} (${v.verdict.outcome === 'lookup-failed' ? `${v.verdict.at}: ${v.verdict.error}` : ''})`)
          .join('; ')}; issuance is refused until DNS answers. Check the domain's name servers and try again.`,
        names: failed.map((v) => v.name),
      });
    return problems;
  }
}
