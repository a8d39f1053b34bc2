import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_CHANNELS, EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';

/**
 * A sitrep.yml for a team in UTC, where a month starts at midnight UTC, with the example workspace's people and
 * announcements channel: checkout-api at 99.9 % a month, search at 99.5 % a quarter, and any `extra` lines after them.
 * `remove` deletes it.
 */
export const writeUtcTeamConfig = async (
  extra: string[] = [],
): Promise<{ path: string; remove: () => Promise<void> }> => {
  const dir = await mkdtemp(join(tmpdir(), 'sitrep-utc-team-'));
  const path = join(dir, 'sitrep.yml');
  await writeFile(
    path,
    [
      'team:',
      '  timeZone: UTC',
      `  announcementsChannel: ${EXAMPLE_CHANNELS.announcements}`,
      'services:',
      '  - name: checkout-api',
      `    responders: [${EXAMPLE_PEOPLE.alice}, ${EXAMPLE_PEOPLE.bob}]`,
      '    sla: { target: 99.9, window: monthly }',
      '  - name: search',
      '    sla: { target: 99.5, window: quarterly }',
      ...extra,
      '',
    ].join('\n'),
  );
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
};

/** `extra` lines for a public status page of both services: checkout-api as Checkout, search as Search. */
export const STATUS_PAGE_LINES = [
  'statusPage:',
  '  title: Acme status',
  '  groups:',
  '    - name: Payments',
  '      services: [{ service: checkout-api, name: Checkout }]',
  '    - name: Discovery',
  '      services: [{ service: search, name: Search }]',
];
