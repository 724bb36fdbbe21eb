/**
 * One configuration write = one TransactWriteItems: the entity, its uniqueness claims, the ledger
 * balance it touches and its audit entries change together or not at all. Each action carries
 * the failure it means when its condition fails, so a cancelled transaction becomes one typed
 * outcome naming the field (`duplicate_number` on `number`, `revision_conflict`, …).
 */
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type TransactItems = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>;
export type TransactAction = TransactItems[number];

export interface WriteFailure {
  readonly code: string;
  readonly field: string | null;
}

export interface PlannedAction {
  readonly action: TransactAction;
  /** What a failed condition on this action means; absent = the action has no condition. */
  readonly failure?: WriteFailure;
}

export type PlanOutcome = { readonly ok: true } | ({ readonly ok: false } & WriteFailure);

/** DynamoDB's limit per transaction; an audit fan-out uses one action per tree level. */
export const MAX_PLAN_ACTIONS = 100;
/** Conflicts with concurrent transactions are retried a few times with jitter, then reported. */
const CONFLICT_ATTEMPTS = 4;

export async function runPlan(
  documents: DynamoDBDocumentClient,
  plan: readonly PlannedAction[],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((done) => setTimeout(done, ms)),
): Promise<PlanOutcome> {
  if (plan.length > MAX_PLAN_ACTIONS) throw new Error(`write plan: ${plan.length} actions`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await documents.send(new TransactWriteCommand({ TransactItems: plan.map((p) => p.action) }));
      return { ok: true };
    } catch (error) {
      const outcome = readFailure(error, plan);
      if (outcome !== 'conflict') return outcome;
      if (attempt === CONFLICT_ATTEMPTS) {
        return { ok: false, code: 'transaction_conflict', field: null };
      }
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

interface Reason {
  readonly Code?: string;
}

function readFailure(error: unknown, plan: readonly PlannedAction[]): PlanOutcome | 'conflict' {
  const name = (error as { name?: string }).name;
  if (name === 'TransactionConflictException') return 'conflict';
  if (name !== 'TransactionCanceledException') throw error;
  const reasons = (error as { CancellationReasons?: Reason[] }).CancellationReasons ?? [];
  const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
  if (failed >= 0) {
    const failure = plan[failed]?.failure;
    if (!failure) throw new Error(`write plan: action ${failed} failed without a meaning`);
    return { ok: false, ...failure };
  }
  if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return 'conflict';
  throw error;
}
