/**
 * Rate-deck formats: which columns a header must name, which cells are required, how each cell
 * parses. Columns match by name after trimming, case-insensitively, inner whitespace collapsed,
 * a currency suffix dropped, in any order; ASTPP's other spellings are aliases. ASTPP's
 * `Precedence` is our `priority`.
 */
import {
  parseCode,
  parseDeckMoney,
  parseDialAffix,
  parsePriority,
  parseSeconds,
  parseText,
  type CellResult,
} from './cells';
import { parseTimeFromCell, parseTimeToCell, parseWeekdaysCell } from './window-cells';

export type DeckFormatName = 'astpp-origination' | 'astpp-termination' | 'tollgate';
export const DECK_FORMAT_NAMES: readonly DeckFormatName[] = [
  'astpp-origination',
  'astpp-termination',
  'tollgate',
];

/** The parsed values of one row, keyed by the field each column fills. */
export interface DeckFields {
  prefix: string;
  destination: string;
  connectMicros: number;
  includedSeconds: number;
  perMinuteMicros: number;
  initialIncrementSeconds: number;
  incrementSeconds: number;
  priority: number;
  strip: string;
  prepend: string;
  forceTrunk: string;
  /** Window cells as written (checked per cell; combined in row.ts, see windows.ts). */
  weekdays: string;
  timeFrom: string;
  timeTo: string;
}

type FieldParser<K extends keyof DeckFields> = (cell: string) => CellResult<DeckFields[K]>;

export interface ColumnSpec<K extends keyof DeckFields = keyof DeckFields> {
  /** The canonical name reports use, whatever spelling the file used. */
  readonly name: string;
  readonly field: K;
  /** A header must name this column (false: optional column). */
  readonly columnRequired: boolean;
  /** An empty cell is an error (`required`) instead of the field's empty value. */
  readonly cellRequired: boolean;
  /** Other names a header may give this column; reports use `name`. */
  readonly aliases?: readonly string[];
  readonly parse: FieldParser<K>;
}

export interface DeckFormat {
  readonly name: DeckFormatName;
  readonly columns: readonly ColumnSpec[];
}

/** What an empty optional cell means: zero money, zero seconds, no text. */
export const EMPTY_FIELDS: Readonly<DeckFields> = {
  prefix: '',
  destination: '',
  connectMicros: 0,
  includedSeconds: 0,
  perMinuteMicros: 0,
  initialIncrementSeconds: 0,
  incrementSeconds: 0,
  priority: 0,
  strip: '',
  prepend: '',
  forceTrunk: '',
  weekdays: '',
  timeFrom: '',
  timeTo: '',
};

function column<K extends keyof DeckFields>(
  name: string,
  field: K,
  parse: FieldParser<K>,
  flags: { columnRequired?: boolean; cellRequired?: boolean; aliases?: readonly string[] } = {},
): ColumnSpec {
  return {
    name,
    field,
    parse,
    columnRequired: flags.columnRequired ?? true,
    cellRequired: flags.cellRequired ?? false,
    aliases: flags.aliases ?? [],
  } as ColumnSpec;
}

// ASTPP's own files name some columns differently: ASTPP 4+ imports `Connection Cost (USD)`,
// `Grace Time`, `Cost / Min (USD)`; its termination export writes `Priority` for Precedence.
// (A currency suffix such as `(USD)` is dropped by normalizeColumnName.)
const ASTPP_ORIGINATION: readonly ColumnSpec[] = [
  column('Code', 'prefix', parseCode, { cellRequired: true }),
  column('Destination', 'destination', parseText),
  column('Connect Cost', 'connectMicros', parseDeckMoney, { aliases: ['Connection Cost'] }),
  column('Included Seconds', 'includedSeconds', parseSeconds, { aliases: ['Grace Time'] }),
  column('Per Minute Cost', 'perMinuteMicros', parseDeckMoney, { cellRequired: true, aliases: ['Cost / Min'] }),
  column('Initial Increment', 'initialIncrementSeconds', parseSeconds),
  column('Increment', 'incrementSeconds', parseSeconds),
];

const TOLLGATE: readonly ColumnSpec[] = [
  column('prefix', 'prefix', parseCode, { cellRequired: true }),
  column('destination', 'destination', parseText),
  column('connect', 'connectMicros', parseDeckMoney),
  column('included_seconds', 'includedSeconds', parseSeconds),
  column('per_minute', 'perMinuteMicros', parseDeckMoney, { cellRequired: true }),
  column('initial_increment', 'initialIncrementSeconds', parseSeconds),
  column('increment', 'incrementSeconds', parseSeconds),
  column('force_trunk', 'forceTrunk', parseText, { columnRequired: false }),
  column('priority', 'priority', parsePriority, { columnRequired: false }),
  column('strip', 'strip', parseDialAffix, { columnRequired: false }),
  column('prepend', 'prepend', parseDialAffix, { columnRequired: false }),
  column('weekdays', 'weekdays', parseWeekdaysCell, { columnRequired: false }),
  column('time_from', 'timeFrom', parseTimeFromCell, { columnRequired: false }),
  column('time_to', 'timeTo', parseTimeToCell, { columnRequired: false }),
];

export const DECK_FORMATS: Readonly<Record<DeckFormatName, DeckFormat>> = {
  'astpp-origination': { name: 'astpp-origination', columns: ASTPP_ORIGINATION },
  'astpp-termination': {
    name: 'astpp-termination',
    columns: [
      ...ASTPP_ORIGINATION,
      column('Precedence', 'priority', parsePriority, { aliases: ['Priority'] }),
      column('Strip', 'strip', parseDialAffix),
      column('Prepend', 'prepend', parseDialAffix),
    ],
  },
  tollgate: { name: 'tollgate', columns: TOLLGATE },
};

export function isDeckFormatName(value: string): value is DeckFormatName {
  return (DECK_FORMAT_NAMES as readonly string[]).includes(value);
}

/**
 * Header names compare trimmed, case-insensitively, with inner whitespace collapsed and without a
 * trailing currency code in parentheses: ASTPP's export writes `Connect Cost(USD)`.
 */
export function normalizeColumnName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase().replace(/ ?\([a-z]{3}\)$/, '');
}
