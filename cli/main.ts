/**
 * `tollgate` — the command line: rate-deck checks, the rate-card simulator, CDR parsing and,
 * later, imports and the edge agent. Thin over core; each command lives in cli/commands/.
 */
import { EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './io';

type CommandTable = Record<string, () => Promise<CliCommand>>;

// Commands load lazily so `tollgate rate` does not pay for the edge agent's start-up.
const commands: CommandTable = {
  'rates check': async () => (await import('./commands/rates-check')).ratesCheckCommand,
  rate: async () => (await import('./commands/rate')).rateCommand,
  edge: async () => (await import('./commands/edge')).edgeCommand,
  'route': async () => (await import('./commands/route')).routeCommand,
  'cdr parse': async () => (await import('./commands/cdr-parse')).cdrParseCommand,
};

const USAGE = `usage: tollgate <command> [options]

commands:
  rates check FILE --format F       validate a rate deck (JSON report on stdout)
  rate --deck FILE --format F …     cost / max seconds of calls (JSON lines)
  edge --config FILE                run the edge agent beside FreeSWITCH
  route --origination FILE …        sell rate and LCR routes of a number (JSON)
  cdr parse FILE [--format F]       normalize FreeSWITCH CDRs: json|xml|form (JSON lines)
`;

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, second, ...rest] = argv;
  const twoWord = first !== undefined && second !== undefined ? commands[`${first} ${second}`] : undefined;
  const oneWord = first !== undefined ? commands[first] : undefined;
  const load = twoWord ?? oneWord;
  if (load === undefined) {
    io.stderr(first === undefined || first === '--help' ? USAGE : `tollgate: unknown command "${argv.join(' ')}"\n${USAGE}`);
    return EXIT_USAGE;
  }
  const args = twoWord !== undefined ? rest : argv.slice(1);
  try {
    return await (await load())(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tollgate: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTty: process.stderr.isTTY === true,
  };
}
