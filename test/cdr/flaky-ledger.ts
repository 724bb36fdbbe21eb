/** The rater's dependencies with a ledger whose next `failures` posts throw (a transient failure). */
import type { RaterDeps } from '../../functions/rate-cdrs/deps';

export function ledgerFailing(rater: RaterDeps, failures: number): RaterDeps {
  let left = failures;
  return {
    ...rater,
    ledger: {
      ...rater.ledger,
      post: async (request) => {
        if (left-- > 0) throw new Error('ledger unavailable');
        return rater.ledger.post(request);
      },
    },
  };
}
