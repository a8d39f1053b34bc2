import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTeamConfig } from '../../src/config/team-config-file.ts';
import { AppError } from '../../src/domain/app-error.ts';
import { buildTeamConfigJsonSchema, parseTeamConfig } from '../../src/domain/team-config/team-config.ts';

const fromRoot = (name: string) => fileURLToPath(new URL(`../../${name}`, import.meta.url));

const parseDefaults = () => {
  const result = parseTeamConfig({});
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
};

let directory = '';

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sitrep-config-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const writeConfig = async (text: string) => {
  const path = join(directory, 'sitrep.yml');
  await writeFile(path, text);
  return path;
};

const loadError = async (options: { path: string; explicit: boolean }): Promise<AppError> => {
  const error = await loadTeamConfig(options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

describe('loadTeamConfig', () => {
  it('reads the example file', async () => {
    const config = await loadTeamConfig({ path: fromRoot('sitrep.example.yml'), explicit: true });
    expect(config.team).toEqual({
      timeZone: 'Europe/Paris',
      announcementsChannel: 'C05ABCD1234',
      incidentChannelPrefix: 'inc',
    });
    expect(config.holidays.dates).toContain('2026-07-14');
    expect(config.services.map(({ name, sla, repositories }) => ({ name, sla, repositories }))).toEqual([
      {
        name: 'checkout-api',
        sla: { target: 99.9, window: 'monthly', degradedWeight: 0, excludeMaintenance: true },
        repositories: ['acme/checkout-api', 'acme/payment-gateway'],
      },
      {
        name: 'search',
        sla: { target: 99.5, window: 'quarterly', degradedWeight: 0.5, excludeMaintenance: false },
        repositories: ['acme/search/indexer', 'acme/search/query-api'],
      },
    ]);
  });

  it('points the example at the schema on its first line', async () => {
    const text = await readFile(fromRoot('sitrep.example.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./sitrep.schema.json');
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments only', '# nothing configured yet\n'],
    ['an empty mapping', '{}\n'],
  ])('gives the defaults for %s', async (_case, text) => {
    expect(await loadTeamConfig({ path: await writeConfig(text), explicit: true })).toEqual(parseDefaults());
  });

  it('gives the defaults when the default file is missing', async () => {
    expect(await loadTeamConfig({ path: join(directory, 'sitrep.yml'), explicit: false })).toEqual(parseDefaults());
  });

  it('rejects a missing file at an explicitly configured path', async () => {
    const path = join(directory, 'team.yml');
    const error = await loadError({ path, explicit: true });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.userMessage).toBe(
      `${path}: file not found. Check the configured path, or start from sitrep.example.yml.`,
    );
  });

  it('rejects a path that is a directory, even the default one', async () => {
    const error = await loadError({ path: directory, explicit: false });
    expect(error.userMessage).toBe(
      `${directory}: cannot read the file. Check the configured path, or start from sitrep.example.yml.`,
    );
  });

  it('names the line and column of a YAML syntax error', async () => {
    const path = await writeConfig('team:\n  timeZone: Europe/Paris\n  incidentChannelPrefix: "inc\n');
    const error = await loadError({ path, explicit: true });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.userMessage).toBe(`${path}:4:1: YAML syntax error: Missing closing "quote`);
  });

  it('names the line of each YAML syntax error', async () => {
    const path = await writeConfig('team:\n  timeZone: Europe/Paris\n   bad: 1\nservices: [\n');
    const error = await loadError({ path, explicit: true });
    expect(error.userMessage.split('\n')).toEqual([
      `${path}:2:13: YAML syntax error: Nested mappings are not allowed in compact mappings`,
      `${path}:2:13: YAML syntax error: Implicit keys need to be on a single line`,
      `${path}:5:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('rejects a key written twice, naming its line', async () => {
    const path = await writeConfig('defaultSeverity: 2\nteam: {}\ndefaultSeverity: 3\n');
    const error = await loadError({ path, explicit: true });
    expect(error.userMessage).toBe(`${path}:3:1: YAML syntax error: Map keys must be unique`);
  });

  it('lists every schema problem on its own line, prefixed by the file path', async () => {
    const path = await writeConfig(
      [
        'team:',
        '  timezone: Europe/Paris',
        'services:',
        '  - name: checkout-api',
        '    sla:',
        '      target: 100.5',
      ].join('\n'),
    );
    const error = await loadError({ path, explicit: true });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.userMessage.split('\n')).toEqual([
      `${path}: team.timezone: unknown key (did you mean timeZone?); expected one of timeZone, announcementsChannel, incidentChannelPrefix`,
      `${path}: services[0].sla.target: expected a number between 0 and 100 (exclusive of 100), such as 99.9; got 100.5`,
    ]);
  });

  it('keeps unquoted dates and yes/no as YAML 1.2 reads them', async () => {
    const path = await writeConfig('holidays:\n  dates: [2026-12-25]\nreminders:\n  dayBeforeDue: no\n');
    const error = await loadError({ path, explicit: true });
    expect(error.userMessage).toBe(
      `${path}: reminders.dayBeforeDue: expected true or false (remind the owner the business day before an action is due); got "no"`,
    );
  });
});

describe('sitrep.schema.json', () => {
  it('matches what `npm run schema` generates', async () => {
    const onDisk: unknown = JSON.parse(await readFile(fromRoot('sitrep.schema.json'), 'utf8'));
    expect(onDisk).toEqual(buildTeamConfigJsonSchema());
  });
});
