/**
 * Who is calling: a bearer JWT (people) or an `X-Api-Key` (machines: edges). Each failure has
 * its own 401 code; none says whether a login or key id exists.
 */
import type { Principal } from '../../../core/auth/roles';
import { parseApiKey, secretMatches } from '../../shared/auth/api-keys';
import type { ApiDeps } from '../deps';
import { unauthorized } from './errors';
import type { HttpRequest } from './request';

export async function authenticate(request: HttpRequest, deps: ApiDeps): Promise<Principal> {
  const apiKey = request.headers['x-api-key'];
  if (apiKey !== undefined) return fromApiKey(apiKey, deps);
  const header = request.headers.authorization;
  if (header === undefined)
    throw unauthorized('missing_credentials', 'send Authorization: Bearer <token>');
  const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
  if (!match) throw unauthorized('invalid_token', 'Authorization must be "Bearer <token>"');
  const tokens = await deps.tokens();
  const check = await tokens.verify(match[1]!, deps.clock.nowEpochMs());
  if (!check.ok) {
    const message =
      check.code === 'token_expired'
        ? 'the token has expired; log in again'
        : 'the token is not valid';
    throw unauthorized(check.code, message);
  }
  return check.principal;
}

async function fromApiKey(apiKey: string, deps: ApiDeps): Promise<Principal> {
  const parsed = parseApiKey(apiKey);
  const record = parsed && (await deps.directory.getApiKey(parsed.keyId));
  if (!parsed || !record || !secretMatches(parsed.secret, record.secretHash)) {
    throw unauthorized('invalid_api_key', 'the API key is not valid');
  }
  const account = await deps.directory.getAccount(record.accountId);
  if (!account) throw unauthorized('invalid_api_key', 'the API key is not valid');
  return {
    actor: `edge:${record.keyId}`,
    role: record.role,
    accountId: account.accountId,
    subtreePath: account.path,
  };
}
