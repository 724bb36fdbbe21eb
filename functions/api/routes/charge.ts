import { manualPostingRoute } from './manual-posting';

export const chargeRoute = manualPostingRoute({
  path: '/accounts/{accountId}/charges',
  operationId: 'chargeAccount',
  summary: 'Debit an account (manual charge); refused if it would pass the available funds',
  kind: 'charge',
  sign: -1,
  floor: 'must_not_overdraw',
});
