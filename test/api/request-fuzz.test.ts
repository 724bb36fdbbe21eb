// Proves no request can make the API fail: every operation the OpenAPI document lists, called over real HTTP (DynamoDB Local) with random bodies, raw non-JSON text, random query values and unknown path ids, answers below 500, and every 4xx is the documented error body with a lower_snake_case code.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorSchema } from '../../functions/api/http/errors';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let token: string;
beforeAll(async () => {
  api = await startTestApi();
  token = await api.login('admin');
});
afterAll(() => api?.close());

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly query: readonly string[];
  readonly edge: boolean;
}

async function operations(): Promise<Operation[]> {
  const doc = (await api.request('GET', '/openapi.json')).json as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      query: (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      edge: path.startsWith('/edge/'),
    })),
  );
}

/** JSON a client might send by mistake or on purpose: any shape, odd numbers, long strings. */
const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ amountMicros: fc.oneof(fc.integer(), fc.double(), fc.string()), id: fc.string() }),
  fc.constantFrom(null, [], {}, { cdrs: [] }, { cdrs: [{}] }, { documents: ['<cdr>'] }, { csv: 'a,b\n1' }),
);
const rawText = fc.constantFrom('', '{', 'null', '[1,2', '\u0000', 'x'.repeat(70_000), '{"a":1}{"b":2}');
const pathId = fc.constantFrom('c1', 'r1', 'op', 'nope', '..', '%2F', 'x'.repeat(200), "c1'--");
const queryValue = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '1e400', 'NaN', '', '%'));

function fill(path: string, id: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
}

describe('the API under random requests', () => {
  it('never answers 5xx, and every 4xx is the documented error', async () => {
    const all = await operations();
    expect(all.length).toBeGreaterThan(30);
    const statuses = new Set<number>();
    for (const operation of all) {
      await fc.assert(
        fc.asyncProperty(
          pathId,
          fc.oneof(jsonValue.map((body) => ({ body })), rawText.map((rawBody) => ({ rawBody }))),
          fc.dictionary(fc.constantFrom(...operation.query, 'unknown'), queryValue, { maxKeys: 3 }),
          async (id, payload, query) => {
            const search = new URLSearchParams(query).toString();
            const url = `${fill(operation.path, id)}${search ? `?${search}` : ''}`;
            const auth = operation.edge ? { apiKey: api.seed.edgeApiKey } : { token };
            const withBody = operation.method === 'GET' ? {} : payload;
            const response = await api.request(operation.method, url, { ...auth, ...withBody });
            statuses.add(response.status);
            const where = `${operation.method} ${url} → ${response.status} ${response.text.slice(0, 200)}`;
            expect(response.status, where).toBeLessThan(500);
            if (response.status >= 400) {
              const error = errorSchema.safeParse(response.json);
              expect(error.success, where).toBe(true);
              expect(error.data?.error.code, where).toMatch(/^[a-z][a-z0-9_]*$/);
            }
          },
        ),
        { numRuns: 12 },
      );
    }
    // Both sides were reached: refusals naming what is wrong, and requests that went through.
    expect(statuses.has(400)).toBe(true);
    expect([...statuses].some((status) => status < 300)).toBe(true);
  });
});
