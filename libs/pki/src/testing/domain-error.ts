import { type DomainError, isDomainError } from '@platform/kernel';

/** Resolves to the DomainError `work` rejects with; fails the test if it resolves or throws something else. */
export async function domainErrorOf(work: Promise<unknown>): Promise<DomainError> {
  let outcome: unknown;
  try {
    outcome = await work;
  } catch (e) {
    if (isDomainError(e)) return e;
    throw e;
  }
  throw new Error(`expected a DomainError, got a result: ${JSON.stringify(outcome)?.slice(0, 200)}`);
}
