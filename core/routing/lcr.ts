/**
 * Least-cost routing over the rate group's trunks. Per trunk, its longest matching termination
 * prefix (with the row in force at the call's local time) becomes that trunk's route. Order:
 *
 * - `lcr`:  longest prefix first, then lower cost, then lower priority (ASTPP's `Precedence`);
 * - `cost`: lower cost, then lower priority;
 *
 * and finally the trunks' configured order, so the answer is deterministic. "Cost" is the
 * whole-call cost at the request's reference duration (connect fee and increments included),
 * the figure the routes report. A forced trunk (origination rate or account) replaces the
 * choice: only its route is offered. No-loss routing then drops routes that lose money.
 */
import { costMicrosOfCall } from '../rating/formula';
import { NO_MARKUP, type RateGroupPricing, type RateTerms } from '../rating/rate';
import type { CompiledDeck } from '../decks/compiled/deck';
import { LookupCursor, lookupRow } from '../decks/compiled/lookup';
import { losesMoney, type NoLossPolicy } from './no-loss';
import { outboundNumber } from './outbound';
import type { TranslationRule } from './translation';

export type RoutingMode = 'lcr' | 'cost';

export interface Trunk {
  readonly name: string;
  /** The trunk's termination deck (the version in force for this call). */
  readonly deck: CompiledDeck;
  readonly translation: readonly TranslationRule[];
  /** Gateways in failover order. */
  readonly gateways: readonly string[];
  /** Increment defaults for the carrier's rates; carriers charge no markup. */
  readonly pricing?: RateGroupPricing;
}

export interface RouteRequest {
  /** Normalized (E.164) digits. */
  readonly digits: string;
  /** Local minute of the week for windowed termination rates (NO_INSTANT: window-less rows). */
  readonly minuteOfWeek: number;
  /** Duration whose whole-call cost orders and reports the routes (the CLI's `--seconds`). */
  readonly referenceSeconds: number;
  readonly mode: RoutingMode;
  /** '' when no trunk is forced. */
  readonly forceTrunk: string;
  /** null: the account may route at a loss. */
  readonly noLoss: NoLossPolicy | null;
}

export interface Route {
  readonly trunk: string;
  readonly prefix: string;
  /** The number as the carrier receives it (trunk translation, strip, prepend). */
  readonly dialled: string;
  readonly terms: RateTerms;
  readonly priority: number;
  /** Whole-call cost at the reference duration. */
  readonly costMicros: number;
  readonly gateways: readonly string[];
}

export type RouteResult =
  | { readonly ok: true; readonly routes: readonly Route[] }
  | { readonly ok: false; readonly code: 'no_route'; readonly message: string };

// One cursor per module: lookups are synchronous, so it is never shared by two at once (the
// edge routes every authorized call).
const cursor = new LookupCursor();

export function findRoutes(trunks: readonly Trunk[], request: RouteRequest): RouteResult {
  const forced = request.forceTrunk;
  const candidates = forced === '' ? trunks : trunks.filter((trunk) => trunk.name === forced);
  const routes: Route[] = [];
  let matched = 0;
  for (const trunk of candidates) {
    if (!lookupRow(trunk.deck, request.digits, request.minuteOfWeek, cursor)) continue;
    matched += 1;
    const route = routeOf(trunk, cursor, request);
    if (request.noLoss !== null && losesMoney(request.noLoss, route.terms, trunk.pricing ?? NO_MARKUP)) continue;
    routes.push(route);
  }
  if (routes.length === 0) {
    const message = noRouteMessage(request, candidates.length, matched);
    return { ok: false, code: 'no_route', message };
  }
  // The sort is stable: routes that compare equal stay in the trunks' configured order.
  if (routes.length > 1) routes.sort((a, b) => compareRoutes(a, b, request.mode));
  return { ok: true, routes };
}

function routeOf(trunk: Trunk, cursor: LookupCursor, request: RouteRequest): Route {
  const prefix = request.digits.slice(0, cursor.depth);
  const rate = trunk.deck.rateOfRow(cursor.row, prefix);
  const terms = trunk.deck.termsOfRow(cursor.row);
  return {
    trunk: trunk.name,
    prefix,
    dialled: outboundNumber(request.digits, trunk.translation, rate.strip, rate.prepend),
    terms,
    priority: rate.priority,
    costMicros: costMicrosOfCall(terms, trunk.pricing ?? NO_MARKUP, request.referenceSeconds),
    gateways: trunk.gateways,
  };
}

function compareRoutes(a: Route, b: Route, mode: RoutingMode): number {
  const longerFirst = b.prefix.length - a.prefix.length;
  if (mode === 'lcr' && longerFirst !== 0) return longerFirst;
  if (a.costMicros !== b.costMicros) return a.costMicros - b.costMicros;
  return a.priority - b.priority;
}

function noRouteMessage(request: RouteRequest, candidates: number, matched: number): string {
  if (request.forceTrunk !== '' && candidates === 0) {
    return `the forced trunk ${request.forceTrunk} is not configured`;
  }
  if (matched === 0) return `no trunk has a rate for ${request.digits}`;
  return `all ${matched} routes for ${request.digits} cost more than the call earns`;
}

export interface DialAttempt {
  readonly trunk: string;
  readonly gateway: string;
  readonly dialled: string;
}

/** Failover order: each route in order, and within it each of its trunk's gateways in order. */
export function failoverPlan(routes: readonly Route[]): DialAttempt[] {
  return routes.flatMap((route) =>
    route.gateways.map((gateway) => ({ trunk: route.trunk, gateway, dialled: route.dialled })),
  );
}
