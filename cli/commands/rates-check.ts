/**
 * `tollgate rates check FILE --format F`: validates a rate deck and prints its report as one
 * JSON object on stdout. Exit 1 when the deck has any error, 0 otherwise, 2 for usage errors.
 */
import { parseArgs } from 'node:util';
import { deckFormatOption, validateDeckFile } from '../deck-file';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand } from '../io';

export const ratesCheckCommand: CliCommand = async (args, io) => {
  const { values, positionals } = parseOptions(args);
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0) throw new UsageError('usage: tollgate rates check FILE --format F');
  const format = deckFormatOption(values.format);
  const { report } = await validateDeckFile(path, format, io, { keepRates: false });
  io.stdout(`${JSON.stringify(report)}\n`);
  return report.errors.length > 0 ? EXIT_FAILED : EXIT_OK;
};

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: { format: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
