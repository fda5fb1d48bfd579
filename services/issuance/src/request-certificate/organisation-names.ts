import { Inject, Injectable } from '@nestjs/common';
import { Identity } from '@platform/contracts';
import { CLOCK, type Clock } from '@platform/kernel';
import { MESSAGE_BUS, type MessageBus, OnEvent, sendRequest } from '@platform/messaging';

/** Without a rename event (one delivered to another instance of issuance), a kept name is read again after this. */
export const ORGANISATION_NAME_TTL_MS = 60_000;
const MAX_KEPT = 10_000;

/**
 * The organisation name that goes into a certificate's subject (O), by organisation id. Names rarely
 * change, so one read from identity is kept rather than asked at every issuance; a rename drops it at
 * once here. Events go to one instance of issuance, so each entry also lapses after a minute: other
 * instances follow a rename within that time. Certificates issued before keep the name they were signed with.
 */
@Injectable()
export class OrganisationNames {
  private readonly kept = new Map<string, { name: string; until: number }>();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async nameOf(organisationId: string, headers: { headers: { correlationId?: string } }): Promise<string> {
    const now = this.clock.now().getTime();
    const kept = this.kept.get(organisationId);
    if (kept && kept.until > now) return kept.name;
    const { name } = await sendRequest(this.bus, Identity.GetOrganisation, { organisationId }, headers);
    if (this.kept.size >= MAX_KEPT) this.kept.clear();
    this.kept.set(organisationId, { name, until: now + ORGANISATION_NAME_TTL_MS });
    return name;
  }

  /** Whether a name of the organisation is kept (the next issuance does not ask identity). */
  knows(organisationId: string): boolean {
    return this.kept.has(organisationId);
  }

  @OnEvent(Identity.OrganisationRenamed)
  renamed(data: Identity.OrganisationRenamedData): void {
    this.kept.delete(data.organisationId);
  }
}
