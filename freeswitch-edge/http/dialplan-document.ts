/**
 * Dialplan answers for mod_xml_curl. A dialplan request is always answered with a dialplan in
 * the request's context (never "not found", which would fall back to static XML): a refusal is
 * `tollgate_reason` plus a hangup with the pinned cause.
 */
import { TOLLGATE_VARIABLES } from '../../core/freeswitch/channel-variables';

/** Refusal reasons and the hangup cause each one gets (FreeSWITCH cause names). */
export const REFUSAL_CAUSES = {
  unknown_caller: 'CALL_REJECTED',
  account_suspended: 'CALL_REJECTED',
  account_expired: 'CALL_REJECTED',
  insufficient_funds: 'CALL_REJECTED',
  max_cost_exceeded: 'CALL_REJECTED',
  blocked_prefix: 'OUTGOING_CALL_BARRED',
  no_rate: 'NO_ROUTE_DESTINATION',
  no_route: 'NO_ROUTE_DESTINATION',
  channel_limit: 'SWITCH_CONGESTION',
  cps_limit: 'SWITCH_CONGESTION',
  invalid_number: 'INVALID_NUMBER_FORMAT',
  no_snapshot: 'NORMAL_TEMPORARY_FAILURE',
} as const;

export type RefusalReason = keyof typeof REFUSAL_CAUSES;

/** The context used when the request itself could not be read. */
export const FALLBACK_CONTEXT = 'default';

export function refusalDocument(context: string, reason: RefusalReason): string {
  const cause = REFUSAL_CAUSES[reason];
  return dialplanDocument(context, [
    ['set', `${TOLLGATE_VARIABLES.reason}=${reason}`],
    // ASTPP's habit: keep the caller's own cause, not whatever a B-leg would have said.
    ['set', 'sip_ignore_remote_cause=true'],
    ['hangup', cause],
  ]);
}

export function dialplanDocument(context: string, actions: readonly (readonly [string, string])[]): string {
  let lines = '';
  for (const [application, data] of actions) lines += actionLine(application, data);
  return dialplanOf(context, lines);
}

/*
 * Written by concatenation, not arrays joined: an authorized call's answer is built on every
 * dialplan request, and the tuples, mapped lines and joins were most of a call's garbage.
 */
const HEAD = [
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
  '<document type="freeswitch/xml">',
  '  <section name="dialplan" description="Tollgate">',
  '    <context name="',
].join('\n');
const OPEN = ['">', '      <extension name="tollgate">', '        <condition field="destination_number" expression="^.*$">', ''].join('\n');
const TAIL = ['        </condition>', '      </extension>', '    </context>', '  </section>', '</document>', ''].join('\n');

/** The document around `lines` (each an `actionLine`), in `context`. */
export function dialplanOf(context: string, lines: string): string {
  return HEAD + xml(context) + OPEN + lines + TAIL;
}

/** One `<action>` line, newline included. */
export function actionLine(application: string, data: string): string {
  return actionHead(application) + xml(data) + LINE_END;
}

/** An `export name=value` line; the two are escaped apart (same text, no joined copy first). */
export function exportLine(name: string, value: string): string {
  return exportHead(name) + xml(value) + LINE_END;
}

/**
 * An action line up to its data: `actionHead(a) + xml(data) + LINE_END` is `actionLine(a, data)`.
 * Answers keep the heads of their fixed applications and names, escaped once, not per call.
 */
export function actionHead(application: string): string {
  return `          <action application="${xml(application)}" data="`;
}

/** `exportLine(name, value)` up to the value: `exportHead(name) + xml(value) + LINE_END`. */
export function exportHead(name: string): string {
  return `${actionHead('export')}${xml(name)}=`;
}

export const LINE_END = '"/>\n';

/** The "not found" document: FreeSWITCH treats it as a miss and tries its next binding. */
export const NOT_FOUND_DOCUMENT = [
  '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
  '<document type="freeswitch/xml">',
  '  <section name="result">',
  '    <result status="not found"/>',
  '  </section>',
  '</document>',
  '',
].join('\n');

const NEEDS_ESCAPE = /[&<>"']/;

export function xml(text: string): string {
  // Most values (ids, digits, hosts) need nothing: test first, replace only when needed.
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`) : text;
}
