/**
 * A floor for the edge's latency rows that is not Node: Debian's nginx (C, one worker) answering
 * the same document to the same POSTs on loopback, when `nginx` is installed
 * (`apt-get install nginx-light`). What it shows is what this machine's loopback and wake-ups
 * cost any server; the bare node:http ceiling adds Node's own share.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NginxFloor {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startNginxFloor(document: string): Promise<NginxFloor | null> {
  if (spawnSync('nginx', ['-v']).error !== undefined) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'answer.xml'), document);
  writeFileSync(join(dir, 'nginx.conf'), configOf(dir, port));
  const child = spawn('nginx', ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/freeswitch/xml`;
  await untilAnswering(url);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs to a static file are a 405 in nginx: `error_page 405 =200` answers the file instead. */
function configOf(dir: string, port: number): string {
  return `daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir};
  client_body_buffer_size 64k;
  server {
    listen 127.0.0.1:${port};
    root ${dir};
    location / { default_type text/xml; error_page 405 =200 $uri; try_files /answer.xml =404; }
  }
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

async function untilAnswering(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const status = await fetch(url, { method: 'POST', body: 'x' }).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`bench: nginx did not answer 200 at ${url}`);
}
