// A child process for the torn-tail test: appends numbered records to a spool as fast as it can
// and prints "id segment offset" for every record whose append resolved (i.e. was fsynced).
import { CdrSpool } from '../../freeswitch-edge/spool/spool';

const [directory, firstIdText] = process.argv.slice(2);
if (directory === undefined) throw new Error('usage: spool-writer DIR FIRST_ID');
const { spool } = await CdrSpool.open(directory, {
  clock: () => Date.now(),
  limits: { segmentBytes: 64 * 1024, capBytes: 1 << 30, warnBytes: 1 << 29 },
});
let id = Number(firstIdText ?? '0');
process.stdout.write('ready\n');
for (;;) {
  // Several appends in flight at once, as concurrent FreeSWITCH POSTs would be.
  const ids = [id, id + 1, id + 2, id + 3];
  id += 4;
  const results = await Promise.all(ids.map((n) => spool.append(Buffer.from(JSON.stringify({ uuid: `cdr-${n}`, pad: 'y'.repeat(n % 300) })))));
  const lines = results.map((result, index) => (result.ok ? `${ids[index]} ${result.position.segment} ${result.position.offset}\n` : `refused ${ids[index]}\n`));
  process.stdout.write(lines.join(''));
}
