/**
 * Reads the audit log: one partition per account (`AUDIT#<id>`) holding every change in its
 * subtree, newest first. Entries are written by the stores, inside each change's transaction.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../../core/audit/audit';
import { auditFromItem } from './audit-items';
import { decodePageCursor, encodePageCursor } from './page-cursor';

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly nextCursor?: string;
}

export class AuditLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(scopeAccountId: string, limit: number, cursor?: string): Promise<AuditPage> {
    const start = cursor === undefined ? undefined : decodePageCursor(cursor);
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${scopeAccountId}` },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const entries = (result.Items ?? []).map(auditFromItem);
    const nextCursor = encodePageCursor(result.LastEvaluatedKey);
    return nextCursor ? { entries, nextCursor } : { entries };
  }
}
