import { randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

// Lower case only, as every id is made (contracts' IdSchema): an id in another case would name another stream.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const isUuid = (s: string): boolean => UUID.test(s);
