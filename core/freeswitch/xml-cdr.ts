/**
 * mod_xml_cdr documents (`switch_ivr_generate_xml_cdr`) into a RawCdr.
 *
 * Element names under `<variables>` are raw variable names, so names like `nolocal:req_uuid`
 * occur; fast-xml-parser does not resolve namespaces and keeps them as written. Variable values
 * are always URL-encoded (no switch for XML); caller-profile values are plain text. A repeated
 * element (`<DP_MATCH>` twice) keeps its first value, as a channel variable lookup would.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { percentDecode } from './percent';
import { renameUnusualTags } from './xml-names';
import {
  isRecord,
  newestFirst,
  profileFrom,
  profileIndexOf,
  type CallflowProfile,
  type RawCdr,
} from './raw-cdr';
import { fsFail, fsOk, type FsResult } from './result';
import { lineAndColumn } from './text-position';

const DOCTYPE = /<!DOCTYPE/i;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  htmlEntities: false,
});

export function xmlCdrToRaw(text: string): FsResult<RawCdr> {
  const { text: safeText, originals } = renameUnusualTags(text);
  const document = parseXml(safeText);
  if (!document.ok) return document;
  const cdr = isRecord(document.value) ? first(document.value.cdr) : null;
  if (!isRecord(cdr) || !isRecord(first(cdr.variables))) {
    return fsFail('not_a_cdr', 'the XML document has no <cdr> with <variables>');
  }
  const attributes = isRecord(cdr['@']) ? cdr['@'] : {};
  const channelData = first(cdr.channel_data);
  return fsOk({
    format: 'xml',
    coreUuid: textOf(attributes['core-uuid']),
    switchname: textOf(attributes.switchname),
    channelDirection: isRecord(channelData) ? textOf(channelData.direction) : null,
    variables: decodedVariables(first(cdr.variables) as Record<string, unknown>, originals),
    callflow: newestFirst(asArray(cdr.callflow).flatMap(profileOf)),
    valuesWereEncoded: true,
  });
}

// The parser alone accepts mismatched tags silently, and a CDR read wrongly is worse than none,
// so the document is validated first. Both steps are guarded: a throw becomes a result.
// FreeSWITCH never writes a DOCTYPE; one in a CDR can only define entities that would make the
// values read differ from the text stored (or fetch a file), so it is refused, not expanded.
function parseXml(text: string): FsResult<unknown> {
  const doctype = DOCTYPE.exec(text);
  if (doctype !== null) {
    const where = lineAndColumn(text, doctype.index);
    return fsFail('invalid_xml', `a CDR has no DOCTYPE; its entities are not expanded (${where})`);
  }
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return fsFail('invalid_xml', validationMessage(text, valid.err));
    return fsOk(parser.parse(text) as unknown);
  } catch (error) {
    return fsFail('invalid_xml', error instanceof Error ? error.message : 'invalid XML');
  }
}

// The validator names several unclosed tags as a JSON list at "line 1, column 1"; that is a
// document cut short, so say so and point at its end.
function validationMessage(text: string, err: { msg: string; line: number; col?: number }) {
  const unclosed = /^Invalid '(\[.*\])' found\.$/.exec(err.msg)?.[1];
  if (unclosed !== undefined) {
    const tags = (JSON.parse(unclosed) as string[]).join(' > ');
    return `the document ends inside unclosed tags ${tags} (${lineAndColumn(text, text.length)})`;
  }
  const column = typeof err.col === 'number' ? `, column ${err.col}` : '';
  return `${err.msg} (line ${err.line}${column})`;
}

function decodedVariables(
  variables: Record<string, unknown>,
  originals: ReadonlyMap<string, string>,
): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(variables)) {
    if (name === '@' || name === '#text') continue;
    const text = textOf(first(value)) ?? '';
    out[originals.get(name) ?? name] = percentDecode(text);
  }
  return out;
}

function profileOf(callflow: unknown): CallflowProfile[] {
  if (!isRecord(callflow)) return [];
  const attributes = isRecord(callflow['@']) ? callflow['@'] : {};
  const callerProfile = first(callflow.caller_profile);
  const plain: Record<string, unknown> = {};
  if (isRecord(callerProfile)) {
    for (const [key, value] of Object.entries(callerProfile)) plain[key] = textOf(first(value));
  }
  return [profileFrom(profileIndexOf(attributes.profile_index), plain)];
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

// An element is a string, '' when empty, or an object with '#text' when it has attributes.
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value) && typeof value['#text'] === 'string') return value['#text'];
  return null;
}
