import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { z } from 'zod';
import { Access } from '../auth/access.decorator';
import { IdPipe } from '../http/id.pipe';
import { ZodPipe } from '../http/zod-body.pipe';

const id = new IdPipe();
const TokenQuery = z.object({ token: z.string().min(1).max(2000) });
const RenewalLink = z.string().regex(/^[0-9a-f-]{36}\.[\w-]{10,60}$/);

/** Plain text, so that nothing from the link is ever rendered as markup. */
const page = (title: string, ...lines: string[]) => [title, '='.repeat(title.length), '', ...lines, ''].join('\n');

/**
 * The pages that links in e-mails open (`PUBLIC_URL/...`). The portal will serve them; until it does,
 * the gateway answers each with what the page would do: the API call that follows. They hold no data
 * (a browser following a mailed link carries no access token), so they are public and read nothing;
 * path parameters are still checked, so a mangled link is a 400, never a page about nothing. They are
 * pages, not API operations: left out of the OpenAPI document.
 */
@ApiExcludeController()
@Controller()
export class PagesHttpController {
  @Access('public')
  @Get('invitations/accept')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  invitation(@Query(new ZodPipe(TokenQuery, 'query')) _query: z.infer<typeof TokenQuery>) {
    return page(
      'Accept your invitation',
      'Choose your password with the token of this link (its `token` parameter, exactly as e-mailed):',
      '',
      '  POST /api/v1/auth/accept-invitation  {"token": "<token>", "password": "<at least 12 characters>"}',
      '',
      'Then sign in: POST /api/v1/auth/sign-in {"email", "password"}. The link works once.',
    );
  }

  @Access('public')
  @Get('domain-validations/confirm')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  domainValidation(@Query(new ZodPipe(TokenQuery, 'query')) _query: z.infer<typeof TokenQuery>) {
    return page(
      'Confirm control of a domain',
      'If you control the domain named in the e-mail and agree to its validation, confirm with the token of this link:',
      '',
      '  POST /api/v1/domain-validations/email/confirm  {"token": "<token>"}',
      '',
      'Nothing happens until you do. The link works once.',
    );
  }

  @Access('public')
  @Get('renewals/:renewalLink')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  renewal(@Param('renewalLink', new ZodPipe(RenewalLink, 'param')) renewalLink: string) {
    return page(
      'Renew the subscription',
      'Signed in as an RAO of the organisation:',
      '',
      `  GET  /api/v1/renewals/${renewalLink}   who renewed already, if anyone, and the term it renews`,
      `  POST /api/v1/renewals/${renewalLink}   {"poNumber": "<purchase order number>", "usageClass"?: "A".."F"}`,
    );
  }

  @Access('public')
  @Get('certificates/:certificateId')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  certificate(@Param('certificateId', id) certificateId: string) {
    return page(
      'Certificate',
      'Signed in as an admin with the certificate in scope:',
      '',
      `  GET  /api/v1/certificates/${certificateId}                            details and status`,
      `  GET  /api/v1/certificates/${certificateId}/download?format=fullchain  PEM with chain (also pem, chain, der, pkcs7)`,
      `  POST /api/v1/certificates/${certificateId}/revoke                     {"reason": "superseded"}`,
      '  POST /api/v1/certificates                                           a new one, with a CSR',
    );
  }

  @Access('public')
  @Get('organisations/:organisationId/validation')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  validation(@Param('organisationId', id) organisationId: string) {
    return page(
      'Validation of your organisation',
      'Signed in as an RAO of the organisation:',
      '',
      `  GET  /api/v1/organisations/${organisationId}/validation           what is validated, and until when`,
      `  POST /api/v1/organisations/${organisationId}/validation/details   submit the organisation details for vetting again`,
      `  POST /api/v1/organisations/${organisationId}/domains              add a domain again and publish its new token`,
    );
  }

  @Access('public')
  @Get('organisations/:organisationId/subscription')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  subscription(@Param('organisationId', id) organisationId: string) {
    return page(
      'Subscription of your organisation',
      'Signed in as an RAO of the organisation:',
      '',
      `  GET  /api/v1/organisations/${organisationId}/subscription           allowance, tally, term`,
      `  POST /api/v1/organisations/${organisationId}/subscription/upgrade   {"usageClass": "<a higher class>"}`,
    );
  }
}
