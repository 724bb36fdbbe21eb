/**
 * `bridge` data: `{a=1,b=2}` variables for every leg, then endpoints; `|` separates failover
 * groups tried in order, `,` separates endpoints rung at once within a group; `[x=1]` before an
 * endpoint sets variables on that leg only. `sofia/gateway/<name>/<number>` names a gateway.
 */

export interface BridgeEndpoint {
  /** The endpoint without its `[...]` block, e.g. `sofia/gateway/carrier_a/4420794600`. */
  readonly dialString: string;
  /** `{...}` variables merged with this endpoint's `[...]` ones (which win). */
  readonly legVariables: Readonly<Record<string, string>>;
  readonly gateway: string | null;
  /** The dialled number: the part after the gateway name, or the user part. */
  readonly number: string;
}

/** Failover groups, each a list of endpoints rung simultaneously. */
export type DialPlanGroups = BridgeEndpoint[][];

export function parseDialString(data: string): DialPlanGroups {
  let rest = data.trim();
  let global: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const end = closing(rest, 0, '{', '}');
    global = parseVariables(rest.slice(1, end));
    rest = rest.slice(end + 1);
  }
  return splitTopLevel(rest, '|').map((group) =>
    splitTopLevel(group, ',')
      .filter((e) => e.trim() !== '')
      .map((endpoint) => parseEndpoint(endpoint.trim(), global)),
  );
}

function parseEndpoint(text: string, global: Record<string, string>): BridgeEndpoint {
  let legVariables = { ...global };
  let dialString = text;
  if (text.startsWith('[')) {
    const end = closing(text, 0, '[', ']');
    legVariables = { ...global, ...parseVariables(text.slice(1, end)) };
    dialString = text.slice(end + 1);
  }
  const gateway = /^sofia\/gateway\/([^/]+)\/(.*)$/.exec(dialString);
  const number = gateway?.[2] ?? /([^/@:]+)(?:@[^/]*)?$/.exec(dialString)?.[1] ?? dialString;
  return { dialString, legVariables, gateway: gateway?.[1] ?? null, number };
}

// `a=1,b='x,y',c=^^:p:q`: FreeSWITCH separates with `,`; quotes protect commas.
function parseVariables(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of splitTopLevel(text, ',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).replace(/^'(.*)'$/s, '$1');
  }
  return out;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (char === "'") quoted = !quoted;
    else if (!quoted && (char === '[' || char === '{')) depth += 1;
    else if (!quoted && (char === ']' || char === '}')) depth -= 1;
    else if (!quoted && depth === 0 && char === separator) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function closing(text: string, from: number, open: string, close: string): number {
  let depth = 0;
  for (let index = from; index < text.length; index += 1) {
    if (text.charAt(index) === open) depth += 1;
    if (text.charAt(index) === close && --depth === 0) return index;
  }
  return text.length;
}
