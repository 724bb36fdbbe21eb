/**
 * mod_json_cdr's delivery (`process_cdr`, `backup_cdr`): one POST per leg to
 * `<url>?uuid=<uuid>` (the `a_` prefix only ever names files), `retries`+1 attempts with
 * `delay` SECONDS between them (forced to 5 when retries are set and delay is 0), the URL index
 * advancing on each failure and kept across CDRs, any 2xx is success, and when every attempt
 * failed the body (still URL-encoded/base64 when `encode` is on) plus "\n" goes to the first
 * writable `err-log-dir` as `[a_]<uuid>.cdr.json`. No re-send ever happens.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toJsonCdr, type CdrLegDocument } from './cdr-documents';
import { switchUrlEncode } from './url-encode';

export interface JsonCdrConfig {
  /** `url` params (up to 20), failed over in turn. */
  readonly urls: readonly string[];
  readonly retries?: number;
  /** `delay` in seconds between attempts. */
  readonly delaySeconds?: number;
  /** Real milliseconds per FreeSWITCH second (1000 in real time; small in tests). */
  readonly msPerSecond: number;
  /** `encode`: false (raw JSON, the code default), true (cdr= URL-encoded) or base64. */
  readonly encode?: 'false' | 'true' | 'base64';
  /** `encode-values`, default true. */
  readonly encodeValues?: boolean;
  /** `log-b-leg`, default true. */
  readonly logBLeg?: boolean;
  /** `prefix-a-leg`: A-leg files are `a_<uuid>.cdr.json`. */
  readonly prefixALeg?: boolean;
  readonly errLogDirs?: readonly string[];
  /** `log-errors-to-disk`, default true. */
  readonly logErrorsToDisk?: boolean;
  /** `cred` user:pass, basic auth. */
  readonly credentials?: string;
  /** `timeout` seconds (v1.10.8+), 0 = none. */
  readonly timeoutSeconds?: number;
  /** Pre-1.6 boxes wrote duplicate `callflow` keys. */
  readonly callflowStyle?: 'array' | 'duplicate_keys';
}

export interface PostReport {
  readonly uuid: string;
  readonly leg: 'a' | 'b';
  readonly skipped: boolean;
  readonly attempts: readonly { readonly url: string; readonly status: number }[];
  readonly delivered: boolean;
  readonly errFile: string | null;
  readonly contentType: string;
  readonly body: string;
}

export class JsonCdrPoster {
  private urlIndex = 0;

  constructor(private readonly config: JsonCdrConfig) {}

  async post(doc: CdrLegDocument, leg: 'a' | 'b'): Promise<PostReport> {
    const uuid = doc.variables.find(([name]) => name === 'uuid')?.[1] ?? '';
    const json = toJsonCdr(doc, {
      encodeValues: this.config.encodeValues ?? true,
      callflow: this.config.callflowStyle ?? 'array',
    });
    const { contentType, body, escaped } = this.render(json);
    const base = { uuid, leg, contentType, body };
    const forced = doc.variables.some(
      ([name, value]) => name === 'force_process_cdr' && value === 'true',
    );
    if (leg === 'b' && this.config.logBLeg === false && !forced) {
      return { ...base, skipped: true, attempts: [], delivered: false, errFile: null };
    }
    const attempts = await this.attempt(uuid, contentType, body);
    const delivered = attempts.some((a) => a.status >= 200 && a.status < 300);
    const errFile = delivered ? null : await this.backup(uuid, leg, escaped ?? json);
    return { ...base, skipped: false, attempts, delivered, errFile };
  }

  private render(json: string): { contentType: string; body: string; escaped: string | null } {
    if (this.config.encode === 'true') {
      const escaped = switchUrlEncode(json);
      return { contentType: 'application/x-www-form-urlencoded', body: `cdr=${escaped}`, escaped };
    }
    if (this.config.encode === 'base64') {
      const escaped = Buffer.from(json).toString('base64');
      return {
        contentType: 'application/x-www-form-base64-encoded',
        body: `cdr=${escaped}`,
        escaped,
      };
    }
    return { contentType: 'application/json', body: json, escaped: null };
  }

  private async attempt(uuid: string, contentType: string, body: string) {
    const retries = this.config.retries ?? 0;
    const delaySeconds =
      retries > 0 && (this.config.delaySeconds ?? 0) === 0 ? 5 : (this.config.delaySeconds ?? 0);
    const attempts: { url: string; status: number }[] = [];
    if (this.config.urls.length === 0) return attempts;
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await sleep(delaySeconds * this.config.msPerSecond);
      const url = `${this.config.urls[this.urlIndex] ?? ''}?uuid=${uuid}`;
      const status = await this.send(url, contentType, body);
      attempts.push({ url, status });
      if (status >= 200 && status < 300) break;
      this.urlIndex = (this.urlIndex + 1) % this.config.urls.length;
    }
    return attempts;
  }

  private async send(url: string, contentType: string, body: string): Promise<number> {
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'User-Agent': 'freeswitch-json/1.0',
    };
    if (this.config.credentials !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(this.config.credentials).toString('base64')}`;
    }
    const timeoutMs = (this.config.timeoutSeconds ?? 0) * this.config.msPerSecond;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined,
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  private async backup(uuid: string, leg: 'a' | 'b', text: string): Promise<string | null> {
    if (this.config.logErrorsToDisk === false) return null;
    const name = `${leg === 'a' && this.config.prefixALeg === true ? 'a_' : ''}${uuid}.cdr.json`;
    for (const dir of this.config.errLogDirs ?? []) {
      const path = join(dir, name);
      try {
        await writeFile(path, `${text}\n`);
        return path;
      } catch {
        // FreeSWITCH logs "Can't open" and tries the next err-log-dir.
      }
    }
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
