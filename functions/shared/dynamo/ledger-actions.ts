/**
 * The TransactWriteItems actions of one ledger write: per account one balance update (balance,
 * reserved and available moved in one expression, so they cannot drift; conditional on the
 * item existing, when asked on `availableMicros`, and for a credit on staying below 2^53) and
 * one conditional put per posting.
 * The ledger repository sends them alone; the lease store sends them with its lease items.
 */
import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { creditCeilings, type AccountChange, type LedgerWrite } from '../../../core/ledger/plan';
import type { Posting } from '../../../core/ledger/posting';
import type { ActionOwner } from './cancellation';
import {
  BALANCE_SK,
  accountPk,
  balanceUpdateWriteUnits,
  postingItem,
  postingWriteUnits,
} from './ledger-items';

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export interface LedgerActions {
  readonly items: TransactItem[];
  /** Who each action belongs to, index by index (reading a cancellation). */
  readonly owners: ActionOwner[];
  readonly writeUnits: number;
}

export function ledgerActions(tableName: string, write: LedgerWrite): LedgerActions {
  const items: TransactItem[] = [];
  const owners: ActionOwner[] = [];
  let writeUnits = 0;
  for (const change of write.changes) {
    items.push(balanceUpdate(tableName, change, write.atEpochMs));
    owners.push({ type: 'balance', accountId: change.accountId });
    writeUnits += balanceUpdateWriteUnits();
    for (const posting of change.postings) {
      items.push(postingPut(tableName, posting));
      owners.push({ type: 'posting', accountId: posting.accountId });
      writeUnits += postingWriteUnits(posting);
    }
  }
  return { items, owners, writeUnits };
}

function balanceUpdate(tableName: string, change: AccountChange, nowEpochMs: number): TransactItem {
  const guarded = change.requiredAvailableMicros > 0;
  const reserving = change.reservedDeltaMicros !== 0;
  const ceilings = creditCeilings(change);
  const conditions = [
    'attribute_exists(pk)',
    ...(guarded ? ['availableMicros >= :required'] : []),
    ...(ceilings.balanceMicros !== undefined ? ['balanceMicros <= :maxBalance'] : []),
    ...(ceilings.availableMicros !== undefined ? ['availableMicros <= :maxAvailable'] : []),
  ];
  return {
    Update: {
      TableName: tableName,
      Key: { pk: accountPk(change.accountId), sk: BALANCE_SK },
      // available = balance + limit − reserved: it moves by delta − reservedDelta, in the same
      // expression as the two it is made of.
      UpdateExpression:
        'SET balanceMicros = balanceMicros + :delta, availableMicros = availableMicros + :available, ' +
        (reserving ? 'reservedMicros = reservedMicros + :reserved, ' : '') +
        'updatedAtEpochMs = :now ADD version :one',
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeValues: {
        ':delta': change.deltaMicros,
        ':available': change.deltaMicros - change.reservedDeltaMicros,
        ':now': nowEpochMs,
        ':one': 1,
        ...(reserving ? { ':reserved': change.reservedDeltaMicros } : {}),
        ...(guarded ? { ':required': change.requiredAvailableMicros } : {}),
        ...(ceilings.balanceMicros !== undefined ? { ':maxBalance': ceilings.balanceMicros } : {}),
        ...(ceilings.availableMicros !== undefined ? { ':maxAvailable': ceilings.availableMicros } : {}),
      },
      // The old item tells a missing account apart from insufficient funds.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

function postingPut(tableName: string, posting: Posting): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: postingItem(posting),
      ConditionExpression: 'attribute_not_exists(pk)',
      // The stored posting is the first result of a replay, or names the field that differs.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}
