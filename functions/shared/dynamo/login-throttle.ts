/**
 * Login throttling: failed attempts counted per login and per source address in fixed windows
 * (items expire by TTL). A login is refused while either counter is at its limit, before the
 * password is checked, so guessing costs the guesser time and not us CPU.
 */
import { BatchGetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** 15 minutes: long enough to slow guessing, short enough that a typo-prone user gets back in. */
export const THROTTLE_WINDOW_SECONDS = 900;
/** Failures per login per window: a person mistypes a few times, a guesser needs thousands. */
export const MAX_FAILURES_PER_LOGIN = 5;
/** Failures per source address per window: higher, as offices share one address. */
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface LoginThrottle {
  isBlocked(login: string, sourceIp: string, nowEpochMs: number): Promise<boolean>;
  recordFailure(login: string, sourceIp: string, nowEpochMs: number): Promise<void>;
}

export class DynamoLoginThrottle implements LoginThrottle {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async isBlocked(login: string, sourceIp: string, nowEpochMs: number): Promise<boolean> {
    const keys = windowKeys(login, sourceIp, nowEpochMs);
    const { Responses } = await this.documents.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: { Keys: [keys.login, keys.address], ConsistentRead: true },
        },
      }),
    );
    const items = Responses?.[this.tableName] ?? [];
    const failures = (pk: string) => Number(items.find((item) => item.pk === pk)?.failures ?? 0);
    return (
      failures(keys.login.pk) >= MAX_FAILURES_PER_LOGIN ||
      failures(keys.address.pk) >= MAX_FAILURES_PER_ADDRESS
    );
  }

  async recordFailure(login: string, sourceIp: string, nowEpochMs: number): Promise<void> {
    const keys = windowKeys(login, sourceIp, nowEpochMs);
    const expiresAtEpochSeconds = Math.floor(nowEpochMs / 1000) + 2 * THROTTLE_WINDOW_SECONDS;
    await Promise.all(
      [keys.login, keys.address].map((Key) =>
        this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key,
            UpdateExpression: 'ADD failures :one SET expiresAtEpochSeconds = :expires',
            ExpressionAttributeValues: { ':one': 1, ':expires': expiresAtEpochSeconds },
          }),
        ),
      ),
    );
  }
}

function windowKeys(login: string, sourceIp: string, nowEpochMs: number) {
  const window = `W#${Math.floor(nowEpochMs / 1000 / THROTTLE_WINDOW_SECONDS)}`;
  return {
    login: { pk: `THROTTLE#login#${login.toLowerCase()}`, sk: window },
    address: { pk: `THROTTLE#address#${sourceIp}`, sk: window },
  };
}
