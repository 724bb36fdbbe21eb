/**
 * Matches a request path against the routes' templates. The route set is small (dozens), so a
 * linear scan over precompiled patterns is simpler than a tree and fast enough.
 */
import { ApiError } from './errors';
import type { AnyRoute } from './route';

export interface Match {
  readonly route: AnyRoute;
  readonly params: Readonly<Record<string, string>>;
}

interface Compiled {
  readonly route: AnyRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

export function createRouter(routes: readonly AnyRoute[]): (method: string, path: string) => Match {
  const compiled = routes.map(compile);
  return (method, path) => {
    const candidates = compiled.flatMap((entry) => {
      const match = entry.pattern.exec(path);
      return match ? [{ entry, match }] : [];
    });
    if (candidates.length === 0) throw new ApiError(404, 'route_not_found', `no route ${path}`);
    const hit = candidates.find(({ entry }) => entry.route.method === method);
    if (!hit) {
      const allowed = candidates.map(({ entry }) => entry.route.method).join(', ');
      throw new ApiError(405, 'method_not_allowed', `${path} accepts ${allowed}`, null, {
        allow: allowed,
      });
    }
    const params: Record<string, string> = {};
    hit.entry.names.forEach((name, index) => {
      params[name] = decodeSegment(hit.match[index + 1] ?? '');
    });
    return { route: hit.entry.route, params };
  };
}

function compile(route: AnyRoute): Compiled {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ApiError(400, 'invalid_path', 'the path is not valid percent-encoding', 'path');
  }
}
