/**
 * `tollgate rate`: the rate-card simulator. One JSON object per call on stdout, in input order;
 * deck warnings on stderr. Exit 0 when the run completed (even with per-call errors), 1 when
 * the deck has errors (its report goes to stderr, so stdout holds only call lines), 2 for usage.
 *
 * `--deck FILE@ISO-8601` may repeat: each file is a deck version effective from that instant
 * (`--deck FILE` alone: since always). Calls are rated by the version and window in force at
 * `--answered-at` in `--timezone`, and each answer names its `"version"` (content hash).
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCsvRecords } from '../../core/decks/csv-records';
import { deckFromRates } from '../../core/decks/compiled/from-rates';
import { selectRate } from '../../core/decks/compiled/select';
import type { DeckRate } from '../../core/decks/deck-rate';
import type { DeckFormat } from '../../core/decks/formats';
import { DeckVersions, type DeckVersion } from '../../core/decks/versions';
import type { DeckReport } from '../../core/decks/report';
import { isBlankRecord } from '../../core/decks/row';
import { answerRateCardQuery, type RateCardContext, type RateCardQuery } from '../../core/rating/rate-card';
import { deckFormatOption, fileSize, validateDeckFile } from '../deck-file';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../io';
import { capFromFlags, pricingFromFlags } from '../rate-options';
import { answeredAtFromFlag, deckVersionFromFlag, timeZoneFromFlag } from '../time-options';

const OPTIONS = {
  deck: { type: 'string', multiple: true },
  format: { type: 'string' },
  markup: { type: 'string' },
  'default-initial-increment': { type: 'string' },
  'default-increment': { type: 'string' },
  'max-seconds': { type: 'string' },
  number: { type: 'string' },
  seconds: { type: 'string' },
  available: { type: 'string' },
  calls: { type: 'string' },
  'answered-at': { type: 'string' },
  timezone: { type: 'string' },
} as const;

const USAGE =
  'usage: tollgate rate --deck FILE[@ISO-8601] [--deck …] --format F [--markup PCT] ' +
  '[--default-initial-increment S] [--default-increment S] [--max-seconds CAP] ' +
  '[--answered-at ISO-8601] [--timezone IANA] ' +
  '(--number N (--seconds S | --available A) | --calls FILE.csv)';

export const rateCommand: CliCommand = async (args, io) => {
  const values = parseOptions(args);
  const queries = querySource(values);
  if (values.deck === undefined) throw new UsageError(`--deck is required\n${USAGE}`);
  const format = deckFormatOption(values.format);
  const pricing = pricingFromFlags(values);
  const capSeconds = capFromFlags(values);
  const answeredAtEpochMs = answeredAtFromFlag(values['answered-at'], Date.now());
  const timeZone = timeZoneFromFlag(values.timezone);
  const deckFlags = values.deck.map(deckVersionFromFlag);
  const loaded: DeckVersion[] = [];
  for (const { path, effectiveFromEpochMs } of deckFlags) {
    const deck = await compiledDeckFile(path, format, io);
    if (deck === null) return EXIT_FAILED;
    loaded.push({ effectiveFromEpochMs, deck });
  }
  const versions = DeckVersions.of(loaded);
  if (!versions.ok) throw new UsageError(versions.message);
  // answerRateCardQuery asks for the rate once per call; the selection's version is kept here.
  let version = '';
  const findRate = (digits: string): DeckRate | undefined => {
    const selected = selectRate(versions.versions, digits, answeredAtEpochMs, timeZone);
    if (!selected.ok) return undefined;
    version = selected.selection.version;
    return selected.deck.rateOfRow(selected.row, selected.selection.prefix);
  };
  const context: RateCardContext = { findRate, pricing, capSeconds };
  for await (const query of queries()) {
    version = '';
    const answer = answerRateCardQuery(context, query);
    io.stdout(`${JSON.stringify('error' in answer ? answer : { ...answer, version })}\n`);
  }
  return EXIT_OK;
};

/** One validated, compiled deck file; null (report printed) when it has errors. */
async function compiledDeckFile(path: string, format: DeckFormat, io: CliIo) {
  const validated = await validateDeckFile(path, format, io, { keepRates: true });
  if (validated.report.errors.length > 0) {
    io.stderr(`${JSON.stringify(validated.report)}\n`);
    return null;
  }
  printWarnings(validated.report, io);
  const built = deckFromRates(validated.rates);
  if (!built.ok) {
    io.stderr(`${path}: line ${built.line}: ${built.code}: ${built.message}\n`);
    return null;
  }
  return built.deck;
}

type Values = ReturnType<typeof parseOptions>;

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

/** Exactly one way of giving calls; checked before the deck is read. */
function querySource(values: Values): () => AsyncIterable<RateCardQuery> {
  const { number, seconds, available, calls } = values;
  if (calls !== undefined) {
    if (number !== undefined || seconds !== undefined || available !== undefined) {
      throw new UsageError(`--calls cannot be combined with --number/--seconds/--available\n${USAGE}`);
    }
    fileSize(calls);
    return () => callsFromFile(calls);
  }
  if (number === undefined || (seconds === undefined) === (available === undefined)) {
    throw new UsageError(`give --number with one of --seconds or --available, or --calls\n${USAGE}`);
  }
  const query: RateCardQuery = seconds !== undefined ? { number, seconds } : { number, available: available ?? '' };
  return async function* single() {
    yield query;
  };
}

/**
 * A calls file: a header naming `number` and one of `seconds` or `available` (in any order, any
 * case; other columns are ignored), then one call per line.
 */
async function* callsFromFile(path: string): AsyncIterable<RateCardQuery> {
  const queries: RateCardQuery[] = [];
  let header: CallsHeader | null = null;
  await readCsvRecords(createReadStream(path), {
    record(cells, line) {
      if (isBlankRecord(cells)) return;
      if (header === null) return void (header = callsHeader(cells, path, line));
      const number = cells[header.number] ?? '';
      const value = cells[header.value] ?? '';
      queries.push(header.kind === 'seconds' ? { number, seconds: value } : { number, available: value });
    },
    malformed(line, message) {
      throw new UsageError(`${path} line ${line}: ${message}`);
    },
  });
  if (header === null) throw new UsageError(`${path}: ${CALLS_HEADER_EXPECTED}`);
  yield* queries;
}

interface CallsHeader {
  readonly kind: 'seconds' | 'available';
  /** The columns of the number and of the seconds or amount. */
  readonly number: number;
  readonly value: number;
}

const CALLS_HEADER_EXPECTED = 'a header naming "number" and one of "seconds" or "available" expected';

function callsHeader(cells: readonly string[], path: string, line: number): CallsHeader {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const number = names.indexOf('number');
  const seconds = names.indexOf('seconds');
  const available = names.indexOf('available');
  const once = (at: number) => at === -1 || names.indexOf(names[at]!, at + 1) === -1;
  if (number !== -1 && (seconds === -1) !== (available === -1) && once(number) && once(seconds) && once(available)) {
    return seconds !== -1 ? { kind: 'seconds', number, value: seconds } : { kind: 'available', number, value: available };
  }
  throw new UsageError(`${path} line ${line}: ${CALLS_HEADER_EXPECTED}`);
}

function printWarnings(report: DeckReport, io: CliIo): void {
  for (const warning of report.warnings) {
    io.stderr(`deck warning: line ${warning.line}, ${warning.column}: ${warning.code}: ${warning.message}\n`);
  }
}
