/**
 * mod_dialplan_xml's hunt over a returned document: the context named by the routed profile
 * (`Hunt-Context`), else `global`, else "No Route" (NO_ROUTE_DESTINATION). Extensions in order;
 * a condition without field matches; `break` defaults to on-false; `continue="true"` keeps
 * hunting; `$1`… in action data come from the condition's captures.
 */
import type { CallerProfile } from './profiles';
import { attr, children, findChild, type XmlNode } from './xml-document';

export interface DialplanApplication {
  readonly app: string;
  readonly data: string;
}

export type HuntResult =
  | {
      readonly kind: 'applications';
      readonly context: string;
      readonly applications: DialplanApplication[];
    }
  | {
      readonly kind: 'no_route';
      readonly reason: 'no_dialplan_section' | 'no_context' | 'no_extension';
    };

const PROFILE_FIELDS: Readonly<Record<string, (p: CallerProfile) => string>> = {
  destination_number: (p) => p.destinationNumber,
  caller_id_number: (p) => p.callerIdNumber,
  caller_id_name: (p) => p.callerIdName,
  ani: (p) => p.ani,
  context: (p) => p.context,
  network_addr: (p) => p.networkAddr,
  username: (p) => p.username,
  uuid: (p) => p.uuid,
  source: (p) => p.source,
  chan_name: (p) => p.chanName,
  rdnis: (p) => p.rdnis ?? '',
  dialplan: (p) => p.dialplan,
};

export function huntDialplan(
  document: XmlNode,
  profile: CallerProfile,
  variables: ReadonlyMap<string, string>,
): HuntResult {
  const section = findChild(document, 'section', 'name', 'dialplan');
  if (section === null) return { kind: 'no_route', reason: 'no_dialplan_section' };
  const context =
    findChild(section, 'context', 'name', profile.context) ??
    findChild(section, 'context', 'name', 'global');
  if (context === null) return { kind: 'no_route', reason: 'no_context' };
  const applications: DialplanApplication[] = [];
  for (const extension of children(context, 'extension')) {
    const matched = huntExtension(extension, profile, variables, applications);
    if (matched && attr(extension, 'continue') !== 'true') break;
  }
  if (applications.length === 0) return { kind: 'no_route', reason: 'no_extension' };
  return { kind: 'applications', context: attr(context, 'name') ?? '', applications };
}

function huntExtension(
  extension: XmlNode,
  profile: CallerProfile,
  variables: ReadonlyMap<string, string>,
  out: DialplanApplication[],
): boolean {
  const collected: DialplanApplication[] = [];
  let matched = true;
  for (const condition of children(extension, 'condition')) {
    const captures = evaluate(condition, profile, variables);
    const list = captures === null ? 'anti-action' : 'action';
    for (const action of children(condition, list)) {
      const data = (attr(action, 'data') ?? '').replace(
        /\$(\d)/g,
        (_, n: string) => captures?.[Number(n)] ?? '',
      );
      collected.push({ app: attr(action, 'application') ?? '', data });
    }
    if (captures === null) {
      matched = collected.length > 0;
      if ((attr(condition, 'break') ?? 'on-false') === 'on-false') break;
    }
  }
  if (matched) out.push(...collected);
  return matched;
}

/** The regex captures when the condition holds, else null. */
function evaluate(
  condition: XmlNode,
  profile: CallerProfile,
  variables: ReadonlyMap<string, string>,
): string[] | null {
  const field = attr(condition, 'field');
  const expression = attr(condition, 'expression');
  if (field === undefined || expression === undefined) return [];
  const value = fieldValue(field, profile, variables);
  let regex: RegExp;
  try {
    regex = new RegExp(expression);
  } catch {
    return null;
  }
  const match = regex.exec(value);
  return match === null ? null : match.map((group) => group ?? '');
}

function fieldValue(
  field: string,
  profile: CallerProfile,
  variables: ReadonlyMap<string, string>,
): string {
  const fromProfile = PROFILE_FIELDS[field];
  if (fromProfile !== undefined) return fromProfile(profile);
  if (field.startsWith('${') && field.endsWith('}')) return variables.get(field.slice(2, -1)) ?? '';
  return variables.get(field) ?? '';
}
