/**
 * The DynamoDB adapter of the directory port (table `directory`): one item per account, user
 * and API key. Reads are consistent: a suspended key or moved account must take effect at once.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AccountRecord,
  ApiKeyRecord,
  Directory,
  UserRecord,
} from '../../../core/auth/directory';

const PROFILE = 'PROFILE';

export class DynamoDirectory implements Directory {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  getAccount(accountId: string): Promise<AccountRecord | undefined> {
    return this.get<AccountRecord>(`ACCOUNT#${accountId}`);
  }

  getUser(login: string): Promise<UserRecord | undefined> {
    return this.get<UserRecord>(`USER#${login}`);
  }

  getApiKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    return this.get<ApiKeyRecord>(`APIKEY#${keyId}`);
  }

  putAccount(account: AccountRecord): Promise<void> {
    return this.put(`ACCOUNT#${account.accountId}`, account);
  }

  putUser(user: UserRecord): Promise<void> {
    return this.put(`USER#${user.login}`, user);
  }

  putApiKey(key: ApiKeyRecord): Promise<void> {
    return this.put(`APIKEY#${key.keyId}`, key);
  }

  private async get<T>(pk: string): Promise<T | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk: PROFILE }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, gpk: _gpk, gsk: _gsk, ...record } = Item;
    return record as T;
  }

  private async put(pk: string, record: object): Promise<void> {
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: { pk, sk: PROFILE, ...record } }),
    );
  }
}
