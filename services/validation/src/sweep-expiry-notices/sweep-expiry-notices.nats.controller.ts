import { Injectable } from '@nestjs/common';
import { Validation } from '@platform/contracts';
import { OnRequest } from '@platform/messaging';
import { ExpiryNoticeSweeper } from './expiry-notice.sweeper';

/** For operations (and tests): sweep now rather than at the next tick. */
@Injectable()
export class SweepExpiryNoticesNatsController {
  constructor(private readonly sweeper: ExpiryNoticeSweeper) {}

  @OnRequest(Validation.SweepExpiryNotices)
  sweep() {
    return this.sweeper.sweep();
  }
}
