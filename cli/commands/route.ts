/**
 * `tollgate route`: which trunks a call would take, in failover order, with what it sells for
 * and what each route costs. One JSON object on stdout:
 *   {"number","sell":{"prefix","connectMicros","perMinuteMicros","costMicros"},
 *    "routes":[{"trunk","prefix","dialled","connectMicros","perMinuteMicros","costMicros"}]}
 * or {"number","error":{"code","message"}} (`invalid_number`, `invalid_seconds`, `no_rate`,
 * `no_route`, `out_of_range` for a cost past 2^53 − 1 micros). Exit 0 when it answered, 1 when
 * a deck has errors (reports on stderr), 2 for usage.
 */
import { parseArgs } from 'node:util';
import { deckFromRates } from '../../core/decks/compiled/from-rates';
import { DECK_FORMATS, type DeckFormat } from '../../core/decks/formats';
import { DeckVersions, SINCE_ALWAYS } from '../../core/decks/versions';
import {
  MAX_QUERY_SECONDS,
  parseDialledNumber,
  parseQuerySeconds,
} from '../../core/rating/call-inputs';
import { CostOutOfRangeError } from '../../core/rating/formula';
import { DIALING_PLANS, type DialingPlan } from '../../core/routing/e164';
import type { RoutingMode } from '../../core/routing/lcr';
import {
  routeCall,
  type RouteCallResult,
  type RoutingAccount,
  type RoutingGroup,
  type TrunkVersions,
} from '../../core/routing/route-call';
import { validateDeckFile } from '../deck-file';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../io';
import { pricingFromFlags } from '../rate-options';
import { answeredAtFromFlag, timeZoneFromFlag } from '../time-options';

const OPTIONS = {
  origination: { type: 'string' },
  termination: { type: 'string', multiple: true },
  format: { type: 'string' },
  number: { type: 'string' },
  seconds: { type: 'string', default: '60' },
  'max-seconds': { type: 'string' },
  mode: { type: 'string', default: 'lcr' },
  'no-loss': { type: 'string', default: 'on' },
  country: { type: 'string' },
  'answered-at': { type: 'string' },
  timezone: { type: 'string' },
  markup: { type: 'string' },
  'default-initial-increment': { type: 'string' },
  'default-increment': { type: 'string' },
} as const;

const USAGE =
  'usage: tollgate route --origination FILE --termination FILE:TRUNK ' +
  '[--termination FILE:TRUNK …] ' +
  '--format astpp|tollgate --number DIGITS [--seconds N] [--max-seconds N] [--mode lcr|cost] ' +
  '[--no-loss on|off] [--country CC] [--answered-at ISO-8601] [--timezone IANA]';

/** The CLI has no account: without --country the number is rated as given (E.164 digits). */
const AS_GIVEN: DialingPlan = {
  countryCode: '',
  trunkPrefix: '',
  internationalPrefixes: [],
  nationalDigits: 0,
};

export const routeCommand: CliCommand = async (args, io) => {
  const values = parseOptions(args);
  const setup = readSetup(values);
  const group = await groupOf(values, setup, io);
  if (group === null) return EXIT_FAILED;
  const number = parseDialledNumber(values.number ?? '');
  if (!number.ok) return answer(io, { number: (values.number ?? '').trim(), error: pick(number) });
  const seconds = parseQuerySeconds(values.seconds);
  if (!seconds.ok) return answer(io, { number: number.value, error: pick(seconds) });
  const account: RoutingAccount = {
    translation: [],
    dialingPlan: setup.plan,
    forceTrunk: '',
    allowLoss: false,
  };
  const call = {
    number: number.value,
    answeredAtEpochMs: setup.answeredAtEpochMs,
    referenceSeconds: seconds.value,
    maxSeconds: setup.maxSeconds,
  };
  const result = routedWithinRange(() => routeCall(account, group, call));
  if (result === null) return answer(io, { number: number.value, error: TOO_COSTLY });
  return answer(io, shape(number.value, result));
};

const TOO_COSTLY = { code: 'out_of_range', message: 'a cost of this call is more than 2^53 − 1 micros' };

/**
 * The rating formula throws a CostOutOfRangeError when a cost passes
 * 2^53 − 1 micros (a rate of a million a minute over a week): answered as `out_of_range`, not a
 * crash. Costs are checked deep in no-loss and LCR, so this is caught here, once.
 */
function routedWithinRange(route: () => RouteCallResult): RouteCallResult | null {
  try {
    return route();
  } catch (error) {
    if (error instanceof CostOutOfRangeError) return null;
    throw error;
  }
}

/** The decks as a rate group; null when any deck has errors (their reports are on stderr). */
async function groupOf(values: Values, setup: Setup, io: CliIo): Promise<RoutingGroup | null> {
  const sell = await versionsOf(values.origination ?? '', setup.formats.origination, io);
  const trunks: TrunkVersions[] = [];
  for (const { path, trunk } of setup.terminations) {
    const versions = await versionsOf(path, setup.formats.termination, io);
    if (versions === null) continue;
    trunks.push({ name: trunk, versions, translation: [], gateways: [trunk] });
  }
  if (sell === null || trunks.length !== setup.terminations.length) return null;
  return {
    sell,
    pricing: pricingFromFlags(values),
    timeZone: setup.timeZone,
    mode: setup.mode,
    noLoss: setup.noLoss,
    trunks,
  };
}

type Values = ReturnType<typeof parseOptions>;
type Setup = ReturnType<typeof readSetup>;

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** Every flag checked before any deck is read, so usage errors come first (exit 2). */
function readSetup(values: Values) {
  if (values.origination === undefined) throw new UsageError(`--origination is required\n${USAGE}`);
  if (values.number === undefined) throw new UsageError(`--number is required\n${USAGE}`);
  const terminations = (values.termination ?? []).map(terminationOf);
  if (terminations.length === 0) {
    throw new UsageError(`at least one --termination FILE:TRUNK is required\n${USAGE}`);
  }
  const names = new Set(terminations.map((t) => t.trunk));
  if (names.size !== terminations.length) {
    throw new UsageError('each --termination needs its own trunk name');
  }
  return {
    terminations,
    formats: formatsOf(values.format),
    mode: choice<RoutingMode>('--mode', values.mode, ['lcr', 'cost']),
    noLoss: choice('--no-loss', values['no-loss'], ['on', 'off']) === 'on',
    maxSeconds: maxSecondsOf(values['max-seconds']),
    plan: planOf(values.country),
    answeredAtEpochMs: answeredAtFromFlag(values['answered-at'], Date.now()),
    timeZone: timeZoneFromFlag(values.timezone),
  };
}

function terminationOf(text: string): { path: string; trunk: string } {
  const colon = text.lastIndexOf(':');
  const trunk = colon < 0 ? '' : text.slice(colon + 1).trim();
  if (colon <= 0 || trunk === '') {
    throw new UsageError(`--termination "${text}" must be FILE:TRUNK`);
  }
  return { path: text.slice(0, colon), trunk };
}

type Formats = { origination: DeckFormat; termination: DeckFormat };

function formatsOf(format: string | undefined): Formats {
  if (format === 'astpp') {
    return {
      origination: DECK_FORMATS['astpp-origination'],
      termination: DECK_FORMATS['astpp-termination'],
    };
  }
  if (format === 'tollgate') {
    return { origination: DECK_FORMATS.tollgate, termination: DECK_FORMATS.tollgate };
  }
  throw new UsageError(`--format must be astpp or tollgate\n${USAGE}`);
}

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function maxSecondsOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const parsed = parseQuerySeconds(text);
  if (!parsed.ok) {
    throw new UsageError(`--max-seconds "${text}": whole seconds from 0 to ${MAX_QUERY_SECONDS}`);
  }
  return parsed.value;
}

function planOf(country: string | undefined): DialingPlan {
  if (country === undefined) return AS_GIVEN;
  const plan = DIALING_PLANS[country.toUpperCase()];
  if (plan === undefined) {
    const known = Object.keys(DIALING_PLANS).join(', ');
    throw new UsageError(`--country ${country}: known are ${known}`);
  }
  return plan;
}

/** One deck file as a single version effective since always; null (report printed) on errors. */
async function versionsOf(
  path: string,
  format: DeckFormat,
  io: CliIo,
): Promise<DeckVersions | null> {
  const validated = await validateDeckFile(path, format, io, { keepRates: true });
  if (validated.report.errors.length > 0) {
    io.stderr(`${path}: ${JSON.stringify(validated.report)}\n`);
    return null;
  }
  const built = deckFromRates(validated.rates);
  if (!built.ok) {
    io.stderr(`${path}: line ${built.line}: ${built.code}: ${built.message}\n`);
    return null;
  }
  const versions = DeckVersions.of([{ effectiveFromEpochMs: SINCE_ALWAYS, deck: built.deck }]);
  if (!versions.ok) throw new Error(versions.message);
  return versions.versions;
}

function shape(number: string, result: RouteCallResult): object {
  if (!result.ok) {
    const error = { code: result.code, message: result.message };
    return { number: result.digits ?? number, error };
  }
  const { selection, terms, costMicros } = result.sell;
  return {
    number: result.digits,
    sell: {
      prefix: selection.prefix,
      connectMicros: terms.connectMicros,
      perMinuteMicros: terms.perMinuteMicros,
      costMicros,
    },
    routes: result.routes.map((route) => ({
      trunk: route.trunk,
      prefix: route.prefix,
      dialled: route.dialled,
      connectMicros: route.terms.connectMicros,
      perMinuteMicros: route.terms.perMinuteMicros,
      costMicros: route.costMicros,
    })),
  };
}

function pick(input: { code: string; message: string }): { code: string; message: string } {
  return { code: input.code, message: input.message };
}

function answer(io: CliIo, output: object): number {
  io.stdout(`${JSON.stringify(output)}\n`);
  return EXIT_OK;
}
