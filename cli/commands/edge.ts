/**
 * `tollgate edge --config FILE`: runs the edge agent beside FreeSWITCH until SIGINT/SIGTERM.
 * Prints its URL on stdout; logs are JSON lines on stderr.
 */
import { parseArgs } from 'node:util';
import { loadEdgeConfig } from '../../freeswitch-edge/config';
import { startEdge } from '../../freeswitch-edge/main';
import { EXIT_OK, UsageError, type CliCommand } from '../io';

export const edgeCommand: CliCommand = async (args, io) => {
  let configPath: string | undefined;
  try {
    configPath = parseArgs({ args: [...args], options: { config: { type: 'string' } }, strict: true }).values.config;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (configPath === undefined) throw new UsageError('usage: tollgate edge --config FILE');
  const loaded = await loadEdgeConfig(configPath);
  if (!loaded.ok) throw new UsageError(`edge config: ${loaded.message}`);
  const log = (event: string, fields: Record<string, unknown>) =>
    io.stderr(`${JSON.stringify({ atEpochMs: Date.now(), event, ...fields })}\n`);
  const edge = await startEdge(loaded.config, log);
  io.stdout(`edge listening on ${edge.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await edge.close();
  log('edge_stopped', {});
  return EXIT_OK;
};
