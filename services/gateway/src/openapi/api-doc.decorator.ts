import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { RequestContract } from '@platform/contracts';
import type { z } from 'zod';

/** Statuses an operation may add problems for, beyond the ones its route implies (openapi.document.ts). */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429;

export interface OperationDoc {
  /** one line, imperative or a noun phrase: what the operation does */
  summary: string;
  description?: string;
  /** the JSON body of the success answer: a contract (its response schema) or a zod schema */
  returns?: RequestContract | z.ZodType;
  /** a success body that is not (only) JSON: media type → its schema (e.g. `text/csv`, `application/pkix-cert`) */
  media?: Record<string, SchemaObject>;
  /**
   * Problems this operation answers beyond the ones its route implies (400 for every operation; 401,
   * 403, 404 for signed-in ones; 413 and 415 with a body; 429 where rate-limited): status → the codes
   * and when. A status given here replaces the implied description.
   */
  problems?: Partial<Record<ProblemStatus, string>>;
}

export const API_DOC = 'gateway:api-doc';

/**
 * An operation's entry in the OpenAPI document in one place: summary, success body and its own
 * problems. The document builder adds what every route of its kind answers, so that an operation only
 * says what is particular to it.
 */
export const ApiDoc = (doc: OperationDoc) =>
  applyDecorators(ApiOperation({ summary: doc.summary, ...(doc.description ? { description: doc.description } : {}) }), SetMetadata(API_DOC, doc));
