// The edge as its own process (`tollgate edge --config FILE` from source), so the multi-edge
// test can kill it with SIGKILL: no clean shutdown, no lease file written on the way out.
import { main } from '../../cli/main';

process.exitCode = await main(process.argv.slice(2));
