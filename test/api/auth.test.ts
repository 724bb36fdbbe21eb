// Proves authentication over real HTTP: login, tokens (missing, expired, forged, tampered), API keys, throttling, OpenAPI, and that unexpected errors become a logged 500 with a request id.
import { Logger } from '@aws-lambda-powertools/logger';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiHandler } from '../../functions/api/app';
import { ROUTES } from '../../functions/api/routes';
import {
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_LOGIN,
} from '../../functions/shared/dynamo/login-throttle';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

describe('authentication', () => {
  it('serves health and the OpenAPI 3.1 document without credentials', async () => {
    expect((await api.request('GET', '/health')).json).toEqual({ status: 'ok' });
    const doc = (await api.request('GET', '/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES)
      expect(doc.paths[route.path][route.method.toLowerCase()].operationId).toBe(route.operationId);
    const refill = doc.paths['/accounts/{accountId}/refills'].post;
    expect(refill.requestBody.content['application/json'].schema).toMatchObject({
      additionalProperties: false,
      required: ['amountMicros'],
    });
    expect(refill.parameters.map((p: { name: string }) => p.name)).toEqual([
      'accountId',
      'Idempotency-Key',
    ]);
  });

  it('logs in, and /me answers for the token', async () => {
    const token = await api.login('alice');
    const me = await api.request('GET', '/me', { token });
    expect(me.json).toMatchObject({
      actor: 'user:alice',
      role: 'customer',
      account: { accountId: 'c1' },
    });
  });

  it('refuses a wrong password and an unknown login alike', async () => {
    const wrong = await api.request('POST', '/auth/login', {
      body: { login: 'carol', password: 'nope' },
    });
    const unknown = await api.request('POST', '/auth/login', {
      body: { login: 'nobody', password: 'nope' },
    });
    expect([wrong.status, wrong.json.error.code]).toEqual([401, 'invalid_credentials']);
    expect(unknown.json).toEqual(wrong.json);
  });

  it(`throttles a login after ${MAX_FAILURES_PER_LOGIN} failures, even with the right password`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_LOGIN; i += 1) {
      await api.request('POST', '/auth/login', {
        body: { login: 'carrier', password: `guess${i}` },
      });
    }
    const blocked = await api.request('POST', '/auth/login', {
      body: { login: 'carrier', password: 'carrier-demo' },
    });
    expect([blocked.status, blocked.json.error.code, blocked.headers.get('retry-after')]).toEqual([
      429,
      'too_many_login_attempts',
      '900',
    ]);
  });

  it('answers 401 with a code per failure: missing, malformed, forged, expired, tampered', async () => {
    const token = await api.login('admin');
    const forged = await new SignJWT({ role: 'admin', acc: 'op', path: '/op/' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user:mallory')
      .setIssuer('tollgate')
      .setAudience('tollgate-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    const tokens = await api.deps.tokens();
    const principal = {
      actor: 'user:admin',
      role: 'admin' as const,
      accountId: 'op',
      subtreePath: '/op/',
    };
    const expired = (await tokens.issue(principal, Date.now() - 2 * 3600_000)).token;
    const [head, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = [
      head,
      Buffer.from(JSON.stringify({ ...claims, path: '/' })).toString('base64url'),
      signature,
    ].join('.');
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing_credentials'],
      [{ authorization: 'Basic abc' }, 'invalid_token'],
      [{ authorization: `Bearer ${forged}` }, 'invalid_token'],
      [{ authorization: `Bearer ${expired}` }, 'token_expired'],
      [{ authorization: `Bearer ${tampered}` }, 'invalid_token'],
      [{ 'x-api-key': 'tg_edge1demo_' + 'A'.repeat(43) }, 'invalid_api_key'],
    ];
    for (const [headers, code] of cases) {
      const response = await api.request('GET', '/accounts/c1/balance', { headers });
      expect([response.status, response.json.error.code, response.json.error.field]).toEqual([
        401,
        code,
        'Authorization',
      ]);
    }
  });

  it('accepts the edge API key on edge routes only', async () => {
    const whoami = await api.request('GET', '/edge/whoami', { apiKey: api.seed.edgeApiKey });
    const balance = await api.request('GET', '/accounts/c1/balance', {
      apiKey: api.seed.edgeApiKey,
    });
    expect(whoami.json).toEqual({ actor: 'edge:edge1demo', accountId: 'op' });
    expect(balance.status).toBe(403);
  });

  it('answers unknown routes 404 and wrong methods 405', async () => {
    expect((await api.request('GET', '/nope')).json.error.code).toBe('route_not_found');
    const wrong = await api.request('DELETE', '/health');
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('turns an unexpected error into a 500 with the request id, and logs it', async () => {
    const logger = new Logger({ logLevel: 'SILENT' });
    const logged = vi.spyOn(logger, 'error');
    const broken = {
      ...api.deps,
      logger,
      ledger: { ...api.deps.ledger, getBalance: () => Promise.reject(new Error('disk on fire')) },
    };
    const handler = createApiHandler(broken);
    const token = await api.login('auditor');
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/accounts/c1/balance',
      rawQueryString: '',
      headers: { authorization: `Bearer ${token}` },
      isBase64Encoded: false,
      requestContext: {
        requestId: 'req-123',
        http: { method: 'GET', path: '/accounts/c1/balance', sourceIp: '10.0.0.1' },
      },
    };
    const result = await handler(event as never, {} as never);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? '')).toEqual({
      error: {
        code: 'internal_error',
        message: 'something went wrong on our side',
        field: null,
        requestId: 'req-123',
      },
    });
    expect(result.body).not.toContain('disk on fire');
    expect(logged).toHaveBeenCalledOnce();
  });

  // Last in this file: it blocks every login from this test's address for the window.
  it(`throttles a source address after ${MAX_FAILURES_PER_ADDRESS} failures across logins`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i += 1) {
      await api.request('POST', '/auth/login', { body: { login: `nobody${i}`, password: 'x' } });
    }
    const blocked = await api.request('POST', '/auth/login', {
      body: { login: 'admin', password: 'admin-demo' },
    });
    expect([blocked.status, blocked.json.error.code]).toEqual([429, 'too_many_login_attempts']);
  });
});
