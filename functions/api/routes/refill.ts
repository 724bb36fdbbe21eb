import { manualPostingRoute } from './manual-posting';

export const refillRoute = manualPostingRoute({
  path: '/accounts/{accountId}/refills',
  operationId: 'refillAccount',
  summary: 'Credit an account (manual refill), recorded with the caller as actor',
  kind: 'refill',
  sign: 1,
  floor: 'may_overdraw',
});
