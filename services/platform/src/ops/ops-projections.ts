import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BILLING_PROJECTIONS } from '@platform/billing';
import { ISSUANCE_PROJECTIONS } from '@platform/issuance';
import { NOTIFICATIONS_PROJECTIONS } from '@platform/notifications';
import { type Projection, type ReadModelDbConfig, type ReadModelOrm, openReadModelOrm } from '@platform/read-model';
import { type PlatformConfig, readModelConfig } from '@platform/runtime';
import type { ServiceName } from '../services';
import { OpsError } from './ops-stores';

/**
 * Which projections each service keeps: the very arrays its read model host runs, so a projection
 * added to a service shows up here without touching the ops command.
 */
export const PROJECTIONS: Partial<Record<ServiceName, readonly Projection[]>> = {
  billing: BILLING_PROJECTIONS,
  issuance: ISSUANCE_PROJECTIONS,
  notifications: NOTIFICATIONS_PROJECTIONS,
};

export interface ChosenProjection {
  service: ServiceName;
  projection: Projection;
}

/**
 * The projections a command names: `name` (a projection's name, or `<service>/<name>`), or every one
 * (`all`), within the services of `--service`. An unknown name is a command-line error.
 */
export function chosenProjections(name: string | undefined, serviceOption: string | undefined): ChosenProjection[] {
  const known = Object.keys(PROJECTIONS) as ServiceName[];
  const services = serviceOption ? serviceOption.split(',').map((s) => s.trim()).filter(Boolean) : known;
  const unknown = services.filter((s) => !(known as string[]).includes(s));
  if (unknown.length > 0) throw new OpsError(`unknown service(s) or no projections: ${unknown.join(', ')}; services with projections: ${known.join(', ')}`);
  const all = (services as ServiceName[]).flatMap((service) => PROJECTIONS[service]!.map((projection) => ({ service, projection })));
  if (name === undefined) return all;
  const matching = all.filter(({ service, projection }) => projection.name === name || `${service}/${projection.name}` === name);
  if (matching.length === 0) throw new OpsError(`no projection named ${name}; known: ${all.map((p) => `${p.service}/${p.projection.name}`).join(', ')}`);
  return matching;
}

/** The service's live read model database, or undefined (reported) when an embedded one does not exist: ops never creates one. */
export function liveReadModel(service: ServiceName, config: PlatformConfig, report: (line: string) => void): ReadModelDbConfig | undefined {
  if (!config.DATABASE_URL && !existsSync(join(resolve(config.DATA_DIR, service), 'read.db'))) {
    report(`${service}: no read model under ${resolve(config.DATA_DIR, service)}`);
    return undefined;
  }
  return readModelConfig(service, config);
}

/** Opens a live read model read-only, with the tables of the given projections (no schema change). */
export function openLiveReadModel(db: ReadModelDbConfig, projections: readonly Projection[]): Promise<ReadModelOrm> {
  return openReadModelOrm(db, projections.flatMap((p) => p.entities), undefined, { readOnly: true });
}

/** Groups chosen projections by service, keeping their order. */
export function byService(chosen: readonly ChosenProjection[]): Map<ServiceName, Projection[]> {
  const groups = new Map<ServiceName, Projection[]>();
  for (const { service, projection } of chosen) groups.set(service, [...(groups.get(service) ?? []), projection]);
  return groups;
}
