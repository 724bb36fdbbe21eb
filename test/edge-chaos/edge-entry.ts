// The edge child's entry point, bundled by edge-child.ts as `npm run build` bundles the CLI:
// exactly `tollgate edge --config FILE`, started in ~0.2 s instead of tsx's ~1.7 s.
import { main } from '../../cli/main';

process.exitCode = await main(process.argv.slice(2));
