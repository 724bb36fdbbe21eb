/**
 * The digest challenge sofia runs for a challenged INVITE (RFC 2617 with qop=auth): the phone
 * answers with MD5(HA1:nonce:nc:cnonce:qop:HA2); sofia asks the directory for the user
 * (`action=sip_auth`) and recomputes it from the user's `password` (or `a1-hash`). A user the
 * directory does not return, or a wrong password, gets 403 Forbidden and never reaches the
 * dialplan. On success the user's `<variables>` become channel variables.
 */
import { createHash } from 'node:crypto';
import type { SipAuthAttempt } from './request-body';

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

export interface DigestInput {
  readonly user: string;
  readonly realm: string;
  readonly uri: string;
  readonly method: 'INVITE' | 'REGISTER';
  readonly nonce: string;
  readonly cnonce: string;
  readonly nc: string;
}

export function digestResponse(input: DigestInput, ha1: string): string {
  const ha2 = md5(`${input.method}:${input.uri}`);
  return md5(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:auth:${ha2}`);
}

export function ha1Of(user: string, realm: string, password: string): string {
  return md5(`${user}:${realm}:${password}`);
}

/** What sofia checks once the directory answered: the user's secret against the response. */
export function verifyDigest(
  attempt: SipAuthAttempt,
  params: Readonly<Record<string, string>>,
): boolean {
  const ha1 =
    params['a1-hash'] ??
    (params.password === undefined
      ? undefined
      : ha1Of(attempt.username, attempt.realm, params.password));
  if (ha1 === undefined) return false;
  const input = {
    user: attempt.username,
    realm: attempt.realm,
    uri: attempt.uri,
    method: attempt.method,
    nonce: attempt.nonce,
    cnonce: attempt.cnonce,
    nc: attempt.nc,
  };
  return digestResponse(input, ha1) === attempt.response;
}
