/**
 * The edge agent as a real child process (`tollgate edge --config FILE`), so kill -9 is a real
 * SIGKILL: no `finally`, no flush, whatever was not fsynced is lost. The CLI is bundled once
 * per test process with the local esbuild, packages included, into a world-readable directory
 * of its own under the system temp dir: when the test runs as root the edge runs as `nobody`,
 * who may not be able to enter the checkout (a clone in a 0700 mktemp directory, as CI makes).
 * A restart then takes ~0.2 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

let bundled: Promise<string> | undefined;

/** The bundled CLI, built on first use (fresh from the sources of this checkout). */
export function edgeBundle(): Promise<string> {
  bundled ??= (async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tollgate-edge-chaos-'));
    chmodSync(directory, 0o755);
    const outfile = join(directory, `edge-${process.pid}-${randomUUID().slice(0, 8)}.mjs`);
    await build({
      entryPoints: [join(process.cwd(), 'test', 'edge-chaos', 'edge-entry.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      // CommonJS packages inside an ESM bundle still call require() for Node's builtins.
      banner: { js: "import { createRequire as tollgateRequire } from 'node:module'; const require = tollgateRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    chmodSync(outfile, 0o644);
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
    return outfile;
  })();
  return bundled;
}

/** Deletes the bundle (test workers may be ended without an `exit` event). */
export async function removeEdgeBundle(): Promise<void> {
  const outfile = await bundled?.catch(() => undefined);
  bundled = undefined;
  if (outfile !== undefined) rmSync(dirname(outfile), { recursive: true, force: true });
}

export interface EdgeChildOptions {
  readonly configPath: string;
  /** Run as this user (only when the test runs as root: proves permission errors are real). */
  readonly uid?: number;
  readonly gid?: number;
}

export class EdgeChild {
  /** Every JSON log line the edge wrote to stderr, across all its lives. */
  readonly logs: Record<string, unknown>[] = [];
  private child: ChildProcess | null = null;
  url = '';

  constructor(private readonly options: EdgeChildOptions) {}

  get running(): boolean {
    return this.child !== null;
  }

  /** Spawns the edge; resolves with its URL once it prints "edge listening on". */
  async start(): Promise<string> {
    const bundle = await edgeBundle();
    const { uid, gid } = this.options;
    const child = spawn(process.execPath, [bundle, 'edge', '--config', this.options.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid }),
      ...(gid === undefined ? {} : { gid }),
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    lines(child.stderr, (line) => {
      try {
        this.logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        this.logs.push({ event: 'stderr', line });
      }
    });
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('edge did not start within 60 s')), 60_000);
      lines(child.stdout, (line) => {
        const match = /^edge listening on (\S+)/.exec(line);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`edge exited before listening (${code ?? signal}): ${JSON.stringify(this.logs.slice(-3))}`));
      });
    });
    return this.url;
  }

  /** SIGKILL, and wait until the process is gone. */
  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: the CLI closes the edge cleanly. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  async health(): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url}/health`);
    return (await response.json()) as Record<string, unknown>;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let buffered = '';
  stream?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) if (line !== '') onLine(line);
  });
}
