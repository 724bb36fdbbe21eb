// Proves the FreeSWITCH config we ship is fail-closed: xml_curl points at the edge with a timeout
// set, json_cdr posts raw JSON with err-log-dir on, the static dialplan refuses in every context
// (including `global`), and the static directory has no users (no vanilla 1000–1019 / 1234).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { EDGE_DEFAULTS } from '../defaults';

const CONF = join(process.cwd(), 'freeswitch-edge', 'conf');
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['param', 'context', 'action', 'binding', 'user'].includes(name) });
const read = (path: string) => parser.parse(readFileSync(join(CONF, path), 'utf8')) as Record<string, any>;
const params = (list: { name: string; value: string }[]) => Object.fromEntries(list.map((p) => [p.name, p.value]));

describe('shipped FreeSWITCH config', () => {
  it('xml_curl: one binding to the edge, dialplan and directory, with a timeout', () => {
    const bindings = read('autoload_configs/xml_curl.conf.xml').configuration.bindings.binding;
    expect(bindings).toHaveLength(1);
    const url = bindings[0].param.find((p: { name: string }) => p.name === 'gateway-url');
    expect(url).toMatchObject({ value: `http://${EDGE_DEFAULTS.listen}/freeswitch/xml`, bindings: 'dialplan|directory' });
    expect(Number(params(bindings[0].param).timeout)).toBeGreaterThan(0);
  });

  it('json_cdr: raw JSON to the edge, B-legs too, failures kept on disk, retries in seconds', () => {
    const settings = params(read('autoload_configs/json_cdr.conf.xml').configuration.settings.param);
    expect(settings).toMatchObject({
      url: `http://${EDGE_DEFAULTS.listen}/freeswitch/cdr`,
      encode: 'false',
      'log-b-leg': 'true',
      'log-errors-to-disk': 'true',
    });
    expect(settings['err-log-dir']).toBeTruthy();
    expect(Number(settings.delay)).toBeLessThanOrEqual(10);
    expect(Number(settings['queue-capacity'])).toBeGreaterThan(0);
  });

  it('the static dialplan refuses every call in default, public, global and tollgate_access', () => {
    const contexts = read('dialplan/tollgate.xml').include.context as { name: string; extension: { condition: { action: { application: string; data: string }[] } } }[];
    expect(contexts.map((c) => c.name).sort()).toEqual(['default', 'global', 'public', 'tollgate_access']);
    for (const context of contexts) {
      const actions = context.extension.condition.action;
      expect(actions.map((a) => a.application)).not.toContain('bridge');
      expect(actions[actions.length - 1]).toEqual({ application: 'hangup', data: 'NORMAL_TEMPORARY_FAILURE' });
    }
  });

  it('the static directory has no users and no default password', () => {
    const text = readFileSync(join(CONF, 'directory', 'tollgate.xml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect(text).not.toMatch(/<user\s/);
    expect(text).not.toContain('1234');
    expect(read('directory/tollgate.xml').include.domain.groups.group.users).toBe('');
  });

  it('the systemd unit starts the edge before FreeSWITCH and restarts it', () => {
    const unit = readFileSync(join(CONF, 'systemd', 'tollgate-edge.service'), 'utf8');
    expect(unit).toMatch(/^ExecStart=.* cli\/bin\.mjs edge --config \S+$/m);
    expect(unit).toMatch(/^Before=freeswitch\.service$/m);
    expect(unit).toMatch(/^Restart=always$/m);
  });
});
