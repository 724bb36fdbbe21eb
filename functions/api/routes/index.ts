/**
 * Every route of the API. The role × subtree harness (test/api/harness.test.ts) walks this list
 * and fails on a route it has no expectations for, so new routes must be added there too.
 */
import type { AnyRoute } from '../http/route';
import { balanceRoute } from './balance';
import { chargeRoute } from './charge';
import { edgeWhoamiRoute } from './edge-whoami';
import { healthRoute } from './health';
import { loginRoute } from './login';
import { meRoute } from './me';
import { openApiRoute } from './openapi';
import { postingsRoute } from './postings';
import { refillRoute } from './refill';
import { transferRoute } from './transfer';

export const ROUTES: readonly AnyRoute[] = [
  healthRoute,
  openApiRoute,
  loginRoute,
  meRoute,
  balanceRoute,
  postingsRoute,
  refillRoute,
  chargeRoute,
  transferRoute,
  edgeWhoamiRoute,
];
