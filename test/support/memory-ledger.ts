/**
 * An in-memory LedgerRepository with DynamoDB's transaction semantics (all or nothing, each
 * posting conditional on its key), for unit tests of the service. Can inject conflicts.
 */
import { availableMicros, type BalanceState } from '../../core/ledger/available';
import { creditCeilings, type LedgerWrite } from '../../core/ledger/plan';
import type { ApplyOutcome, LedgerRepository, PostingPage } from '../../core/ledger/ports';
import type { Posting } from '../../core/ledger/posting';

export class MemoryLedger implements LedgerRepository {
  readonly balances = new Map<string, BalanceState>();
  readonly postings = new Map<string, Posting>();
  conflictsToInject = 0;
  applyCalls = 0;

  open(
    accountId: string,
    mode: 'prepaid' | 'postpaid',
    balanceMicros = 0,
    creditLimitMicros = 0,
  ): void {
    const base = { mode, balanceMicros, creditLimitMicros, reservedMicros: 0 };
    this.balances.set(accountId, {
      ...base,
      accountId,
      currency: 'USD',
      availableMicros: availableMicros(base),
      version: 0,
    });
  }

  async apply(write: LedgerWrite): Promise<ApplyOutcome> {
    this.applyCalls += 1;
    if (this.conflictsToInject > 0) {
      this.conflictsToInject -= 1;
      return { status: 'conflict' };
    }
    const all = write.changes.flatMap((change) => change.postings);
    const existing = all.flatMap((p) => this.postings.get(key(p)) ?? []);
    const missingAccounts = write.changes
      .filter((c) => !this.balances.has(c.accountId))
      .map((c) => c.accountId);
    const insufficientAccounts = write.changes
      .filter((c) => {
        const state = this.balances.get(c.accountId);
        if (!state) return false;
        const ceilings = creditCeilings(c);
        return (
          state.availableMicros < c.requiredAvailableMicros ||
          state.balanceMicros > (ceilings.balanceMicros ?? Infinity) ||
          state.availableMicros > (ceilings.availableMicros ?? Infinity)
        );
      })
      .map((c) => c.accountId);
    if (existing.length + missingAccounts.length + insufficientAccounts.length > 0) {
      return { status: 'cancelled', existing, missingAccounts, insufficientAccounts };
    }
    for (const change of write.changes) {
      const state = this.balances.get(change.accountId)!;
      this.balances.set(change.accountId, {
        ...state,
        balanceMicros: state.balanceMicros + change.deltaMicros,
        availableMicros: state.availableMicros + change.deltaMicros,
        version: state.version + 1,
      });
      for (const posting of change.postings) this.postings.set(key(posting), posting);
    }
    return { status: 'written', writeUnits: write.actions * 2 };
  }

  async getBalance(accountId: string): Promise<BalanceState | undefined> {
    return this.balances.get(accountId);
  }

  async listPostings(accountId: string): Promise<PostingPage> {
    return { postings: [...this.postings.values()].filter((p) => p.accountId === accountId) };
  }
}

function key(posting: Posting): string {
  return `${posting.accountId}\u0000${posting.idempotencyKey}`;
}
