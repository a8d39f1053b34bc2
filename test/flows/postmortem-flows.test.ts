import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostmortemFacts } from '../../src/domain/postmortem/postmortem-facts.ts';
import type { PostmortemVersion } from '../../src/domain/postmortem/postmortem-version.ts';
import type { TTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createIncidentFlows } from '../../src/flows/incident-flows.ts';
import { createPostmortemFlows, resolveTemplatePath } from '../../src/flows/postmortem-flows.ts';
import { DEFAULT_TEMPLATE_PATH } from '../../src/render/postmortem.ts';
import { createFakeIncidentStore } from '../support/fakes/fake-incident-store.ts';
import { createFakeNotifier } from '../support/fakes/fake-notifier.ts';
import { buildPostmortemVersion, createFakePostmortemStore } from '../support/fakes/fake-postmortem-store.ts';
import { readRefusal } from '../support/fakes/read-refusal.ts';
import { buildScriptFacts, buildTeam, paris } from '../support/postmortem-script.ts';

const ALICE = 'U05ALICE01';
const NOW = paris('16:30');
const INCIDENT = buildScriptFacts().incident;
const ID = INCIDENT.id;
const IN_CHANNEL = { channelId: INCIDENT.channelId ?? '' };
const TITLE_LINE = '# Postmortem: incident 42, Checkout fails for card payments';

type ActionItemFact = PostmortemFacts['actionItems'][number];

const actionItem = (fields: Partial<ActionItemFact> = {}): ActionItemFact => ({
  title: 'Add an alert on 5xx',
  kind: 'alarm',
  ownerId: ALICE,
  ownerTimeZone: 'Europe/Paris',
  dueAt: new Date('2026-11-30T22:59:59.999Z'),
  status: 'open',
  trackerUrl: null,
  ...fields,
});

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sitrep-postmortem-flows-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const setup = ({ team = buildTeam(), versions = [] }: { team?: TTeamConfig; versions?: PostmortemVersion[] } = {}) => {
  const incidents = createFakeIncidentStore({ incidents: [INCIDENT] });
  const postmortems = createFakePostmortemStore({ versions, outbox: incidents.outbox });
  // The facts sitrep recorded about the incident; the test changes its action items as people would.
  const actionItems: ActionItemFact[] = [];
  const { onEffects, kicks } = createFakeNotifier();
  const now = () => NOW;
  const { findTarget } = createIncidentFlows({ incidents, team, now, onEffects, findDetection: async () => null });
  const flows = createPostmortemFlows({
    incidents,
    postmortems,
    facts: {
      readFacts: async ({ incident }) =>
        buildScriptFacts((facts) => {
          facts.incident = incident;
          facts.actionItems = actionItems;
        }),
    },
    team,
    cwd,
    now,
    onEffects,
    findTarget,
  });
  const outbox = () => incidents.outbox.messages.map(({ dedupeKey, effect }) => ({ dedupeKey, effect }));
  return { flows, postmortems, actionItems, outbox, kicks };
};

const deliveryOf = (requestKey: string, postmortemId: string) =>
  (['postmortem.deliver', 'postmortem.bookmark', 'postmortem.notify_lead'] as const).map((kind, index) => ({
    dedupeKey: `postmortem:${ID}:${requestKey}#${index}:${kind}`,
    effect: { kind, incidentId: ID, postmortemId },
  }));

describe('drafting the postmortem', () => {
  it('stores the draft as version 1 and delivers it once, however often the same request runs', async () => {
    const { flows, postmortems, outbox, kicks } = setup();
    const request = { incidentId: ID, actorId: null, requestKey: 'resolve:status-resolved:1' };

    const first = await flows.generate(request);

    expect(first).toMatchObject({ incident: INCIDENT, created: true, version: { version: 1, generatedAt: NOW } });
    expect(first.version.markdown.split('\n')[0]).toBe(TITLE_LINE);
    expect(outbox()).toEqual(deliveryOf('resolve:status-resolved:1', first.version.id));
    expect(kicks()).toBe(1);

    expect(await flows.generate(request)).toEqual({ ...first, created: false });
    expect(postmortems.versions).toHaveLength(1);
    expect(outbox()).toHaveLength(3);
    expect(kicks()).toBe(1);
  });

  it('makes a new version on request and leaves the earlier one as people edited it', async () => {
    const edited = buildPostmortemVersion({ incidentId: ID, markdown: '# Edited by people', editedAt: paris('16:10') });
    const { flows, postmortems, outbox } = setup({ versions: [edited] });

    const second = await flows.regenerate(IN_CHANNEL, { actorId: ALICE, requestKey: 'T2' });

    expect(second.version).toMatchObject({ version: 2, generatedBy: ALICE });
    expect(postmortems.versions[0]).toEqual(edited);
    expect(outbox()).toEqual(deliveryOf('T2', second.version.id));
  });

  it('says an incident that no longer exists has no postmortem', async () => {
    const { flows, outbox } = setup();
    expect(await readRefusal(flows.generate({ incidentId: 'gone', actorId: null, requestKey: 'r' }))).toEqual({
      code: 'NOT_FOUND',
      userMessage: 'That incident no longer exists.',
    });
    expect(outbox()).toEqual([]);
  });

  it('uses the template configured in sitrep.yml, relative to the working directory', async () => {
    await writeFile(join(cwd, 'ours.md'), '# Our own postmortem of {{ incident.title }}\n');
    const { flows } = setup({ team: buildTeam({ postmortem: { template: 'ours.md' } }) });
    const { markdown } = await flows.readLatest(INCIDENT);
    expect(markdown).toBe('# Our own postmortem of Checkout fails for card payments\n');
  });

  it('names the line of a template that does not parse, and stores nothing', async () => {
    await writeFile(join(cwd, 'broken.md'), '# Postmortem\n\n{% for item in actionItems %}\n');
    const { flows, postmortems, outbox } = setup({ team: buildTeam({ postmortem: { template: 'broken.md' } }) });
    const refused = await readRefusal(flows.generate({ incidentId: ID, actorId: ALICE, requestKey: 'T1' }));
    expect(refused.code).toBe('POSTMORTEM_TEMPLATE_INVALID');
    expect(refused.userMessage).toMatch(/broken\.md line 3, column 1: /);
    expect(postmortems.versions).toEqual([]);
    expect(outbox()).toEqual([]);
  });

  it('uses the template sitrep ships when the default one is not in the working directory', () => {
    expect(resolveTemplatePath({ team: buildTeam(), cwd })).toBe(DEFAULT_TEMPLATE_PATH);
    expect(resolveTemplatePath({ team: buildTeam({ postmortem: { template: 'ours.md' } }), cwd })).toBe(
      join(cwd, 'ours.md'),
    );
  });
});

describe('keeping the action items table current', () => {
  it('replaces only the action items section of the newest version, and only when it changed', async () => {
    const { flows, postmortems, actionItems } = setup();
    const { version } = await flows.generate({ incidentId: ID, actorId: null, requestKey: 'r' });
    const edited = version.markdown.replace('## Summary\n', '## Summary\n\nWritten by people.\n');
    await postmortems.replaceMarkdown({ id: version.id, markdown: edited });

    expect(await flows.syncActionTable(ID)).toBe(false);

    actionItems.push(actionItem());
    expect(await flows.syncActionTable(ID)).toBe(true);

    const synced = postmortems.versions[0]?.markdown ?? '';
    expect(synced).toContain('Written by people.');
    expect(synced).toMatch(/\| Alarm \| Add an alert on 5xx \| .* \| Mon 30 Nov 2026 \| open \|/);
    expect(await flows.syncActionTable(ID)).toBe(false);
  });

  it('does nothing for an incident without a draft', async () => {
    const { flows, postmortems } = setup();
    expect(await flows.syncActionTable(ID)).toBe(false);
    expect(await flows.syncActionTable('gone')).toBe(false);
    expect(postmortems.versions).toEqual([]);
  });
});

describe('reading the postmortem for `sitrep postmortem`', () => {
  it('prints the newest stored version, or a draft rendered now and not stored', async () => {
    const { flows, postmortems } = setup();
    const fresh = await flows.readLatest(INCIDENT);
    expect(fresh.version).toBeNull();
    expect(fresh.markdown.split('\n')[0]).toBe(TITLE_LINE);
    expect(postmortems.versions).toEqual([]);

    await postmortems.addVersion({
      incidentId: ID,
      markdown: '# Stored',
      generatedAt: NOW,
      generatedBy: null,
      requestKey: 'r',
      effects: () => [],
    });
    expect(await flows.readLatest(INCIDENT)).toEqual({ markdown: '# Stored', version: 1 });
  });
});
