/** Shared checks of the lease tests: balance items as read, and the ledger's own invariant. */
import { expect } from 'vitest';
import type { TestApi } from '../support/api';

export async function reservedOf(api: TestApi, accountIds: readonly string[]) {
  return Promise.all(
    accountIds.map(async (accountId) => {
      const balance = await api.deps.ledger.getBalance(accountId);
      if (!balance) throw new Error(`no balance for ${accountId}`);
      const { balanceMicros, reservedMicros, availableMicros } = balance;
      return { balanceMicros, reservedMicros, availableMicros };
    }),
  );
}

/** Balance = Σ postings, and available = balance + limit − reserved, for every account. */
export async function expectBalancesAreTheirPostings(api: TestApi, accountIds: readonly string[]) {
  for (const accountId of accountIds) {
    const balance = (await api.deps.ledger.getBalance(accountId))!;
    let sum = 0;
    let cursor: string | undefined;
    do {
      const page = await api.deps.ledger.listPostings(accountId, 100, cursor);
      for (const posting of page.postings) sum += posting.amountMicros;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(balance.balanceMicros, accountId).toBe(sum);
    const limit = balance.mode === 'postpaid' ? balance.creditLimitMicros : 0;
    expect(balance.availableMicros, accountId).toBe(
      balance.balanceMicros + limit - balance.reservedMicros,
    );
  }
}
