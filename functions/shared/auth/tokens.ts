/**
 * Session tokens: HS256 JWTs (jose) carrying the principal's role, account and subtree path.
 * A token lives one hour; a moved account's new path applies at the next login.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
import { ROLES, type Principal, type Role } from '../../../core/auth/roles';

const ISSUER = 'tollgate';
const AUDIENCE = 'tollgate-api';
export const TOKEN_LIFETIME_SECONDS = 3600;

export type TokenCheck =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly code: 'token_expired' | 'invalid_token' };

export interface TokenService {
  issue(
    principal: Principal,
    nowEpochMs: number,
  ): Promise<{ token: string; expiresAtEpochMs: number }>;
  verify(token: string, nowEpochMs: number): Promise<TokenCheck>;
}

export function createTokenService(signingKey: Uint8Array): TokenService {
  return {
    async issue(principal, nowEpochMs) {
      const issuedAt = Math.floor(nowEpochMs / 1000);
      const expiresAt = issuedAt + TOKEN_LIFETIME_SECONDS;
      const token = await new SignJWT({
        role: principal.role,
        acc: principal.accountId,
        path: principal.subtreePath,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(principal.actor)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(signingKey);
      return { token, expiresAtEpochMs: expiresAt * 1000 };
    },
    async verify(token, nowEpochMs) {
      try {
        const { payload } = await jwtVerify(token, signingKey, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: new Date(nowEpochMs),
        });
        const { role, acc, path, sub } = payload;
        if (
          !isRole(role) ||
          typeof acc !== 'string' ||
          typeof path !== 'string' ||
          typeof sub !== 'string'
        ) {
          return { ok: false, code: 'invalid_token' };
        }
        return { ok: true, principal: { actor: sub, role, accountId: acc, subtreePath: path } };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { ok: false, code: 'token_expired' };
        return { ok: false, code: 'invalid_token' };
      }
    },
  };
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
