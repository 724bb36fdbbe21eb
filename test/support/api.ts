/**
 * The API over real HTTP for a test file: fresh tables on the run's DynamoDB Local, the demo
 * seed, the production handler behind the local API Gateway adapter on a free port.
 */
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { createApiHandler } from '../../functions/api/app';
import type { ApiDeps } from '../../functions/api/deps';
import { createApiDeps } from '../../functions/api/wiring';
import { DynamoDirectory } from '../../functions/shared/dynamo/directory';
import { createDynamoLedger } from '../../functions/shared/dynamo/ledger';
import { createLocalApiServer } from '../../local/http-adapter';
import { startLocalObjects } from '../../local/objects';
import { DEMO_LOGINS, seedDemo, type SeedResult } from '../../local/seed';
import { freshTables, type TestDynamo } from './dynamo';

export interface TestApi {
  readonly baseUrl: string;
  readonly seed: SeedResult;
  readonly dynamo: TestDynamo;
  readonly deps: ApiDeps;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  login(login: string): Promise<string>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly token?: string;
  readonly apiKey?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: any;
}

export async function startTestApi(): Promise<TestApi> {
  const dynamo = await freshTables();
  const objects = await startLocalObjects();
  const deps = createApiDeps(
    dynamo.names,
    { endpoint: dynamo.endpoint },
    new Logger({ logLevel: 'SILENT' }),
    objects.io,
  );
  const seed = await seedDemo(
    new DynamoDirectory(dynamo.documents, dynamo.names.directory),
    createDynamoLedger(dynamo.documents, dynamo.names.ledger),
    deps,
  );
  const server = createLocalApiServer(createApiHandler(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request = (method: string, path: string, options: RequestOptions = {}) =>
    send(baseUrl, method, path, options);
  return {
    baseUrl,
    seed,
    dynamo,
    deps,
    request,
    async login(login) {
      const password = DEMO_LOGINS.find((demo) => demo.login === login)?.password ?? 'unknown';
      const response = await request('POST', '/auth/login', { body: { login, password } });
      if (response.status !== 200)
        throw new Error(`login ${login}: ${response.status} ${response.text}`);
      return String(response.json.token);
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await objects.stop();
    },
  };
}

async function send(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions,
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const body =
    options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
