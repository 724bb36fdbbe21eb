/**
 * FreeSWITCH XML documents as the emulator reads them: validated (FreeSWITCH's own parser
 * refuses malformed XML with "Error Parsing Result!"), elements that repeat always arrays.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

const REPEATED = new Set([
  'section',
  'context',
  'extension',
  'condition',
  'action',
  'anti-action',
  'domain',
  'user',
  'param',
  'variable',
  'group',
  'users',
  'groups',
  'result',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  // FreeSWITCH's parser (ezxml) decodes numeric character references (`&#39;`) as well as the
  // five named entities; fast-xml-parser does only the named ones unless told.
  htmlEntities: true,
  isArray: (name) => REPEATED.has(name),
});

/** The `<document>` element, or null when the text is not a parseable FreeSWITCH document. */
export function parseFreeswitchDocument(text: string): XmlNode | null {
  if (text.trim() === '') return null;
  try {
    if (XMLValidator.validate(text) !== true) return null;
    const parsed = parser.parse(text) as XmlNode;
    const document = parsed.document;
    return isNode(document) ? document : null;
  } catch {
    return null;
  }
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (isNode(item) ? item : {}));
}

export function attr(node: XmlNode, name: string): string | undefined {
  const attributes = node['@'];
  if (!isNode(attributes)) return undefined;
  const value = attributes[name];
  return typeof value === 'string' ? value : undefined;
}

export function findChild(
  node: XmlNode,
  name: string,
  attribute: string,
  value: string,
): XmlNode | null {
  return children(node, name).find((child) => attr(child, attribute) === value) ?? null;
}

/** `<section name="result"><result status="not found"/>`: a miss, not an error. */
export function isNotFound(document: XmlNode): boolean {
  const result = findChild(document, 'section', 'name', 'result');
  return (
    result !== null && children(result, 'result').some((r) => attr(r, 'status') === 'not found')
  );
}
