import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.ts';
import type { IncidentView } from '../../src/domain/incident/incident.ts';
import { ZTeamConfig } from '../../src/domain/team-config/team-config.ts';
import { createIncidentFlows, type IncidentFlows } from '../../src/flows/incident-flows.ts';
import type { IncidentStore } from '../../src/store/incident-store.ts';
import { buildIncident } from '../support/incident-factory.ts';

const ALICE = 'U05ALICE01';
const BOB = 'U05BOB0002';
const CAROL = 'U05CAROL03';
const NOW = new Date('2026-11-23T09:00:00Z');
const IN_CHANNEL = { channelId: 'C42' };
const CONFLICT = 'Someone changed this incident at the same moment; look at the summary and try again.';

/**
 * One incident in memory, changed as the real store changes it: a change applies only if what it was read against
 * (status, severity, a role's holder) is still there. Reads hand out copies, so a flow keeps what it read while
 * another one writes.
 */
const createFakeIncidents = (seed: IncidentView) => {
  let current = seed;
  const timeline: string[] = [];
  let refused = 0;
  const read = async () => structuredClone(current);
  const store: IncidentStore = {
    declare: async () => {
      throw new Error('not used by these tests');
    },
    applyChange: async ({ expectedStatus, expectedSeverity, data, role, timeline: entry }) => {
      if (
        (expectedStatus !== undefined && current.status !== expectedStatus) ||
        (expectedSeverity !== undefined && current.severity !== expectedSeverity) ||
        (role !== undefined && (current.roles[role.role] ?? null) !== role.previous)
      ) {
        refused += 1;
        throw new AppError('NO_CHANGE', { userMessage: CONFLICT });
      }
      current = { ...current, ...data, ...(role ? { roles: { ...current.roles, [role.role]: role.userId } } : {}) };
      timeline.push(entry.text);
      return read();
    },
    findById: read,
    findByChannel: read,
    findByNumber: read,
    listOpen: async () => [await read()],
    listPaged: async () => [],
    setChannel: async () => false,
    setSummaryTs: async () => {},
    setChannelProblem: async () => {},
  };
  return { store, timeline: () => timeline, refused: () => refused };
};

const setup = (incident: IncidentView) => {
  const incidents = createFakeIncidents(incident);
  const flows = createIncidentFlows({
    incidents: incidents.store,
    team: ZTeamConfig.parse({ team: { timeZone: 'Europe/Paris' } }),
    now: () => NOW,
    onEffects: () => {},
    findDetection: async () => null,
  });
  return { ...incidents, flows };
};

/**
 * Runs commands at the same moment: each reads the incident before any of them writes (every read is awaited, and
 * all of them start before the first one resumes). Returns what each person is told, in the order given.
 */
const atOnce = async (commands: (() => Promise<unknown>)[]): Promise<string[]> =>
  (await Promise.allSettled(commands.map((command) => command()))).map((result) => {
    if (result.status === 'fulfilled') return 'done';
    return result.reason instanceof AppError ? result.reason.userMessage : String(result.reason);
  });

type Case = {
  name: string;
  incident: IncidentView;
  command: (flows: IncidentFlows) => Promise<unknown>;
  already: string;
  entry: string;
};

const OPEN = buildIncident({ roles: { lead: ALICE } });

describe('the incident flows, when Slack delivers the same command twice at once', () => {
  it.each<Case>([
    {
      name: 'a severity change',
      incident: OPEN,
      command: (flows) => flows.changeSeverity(IN_CHANNEL, { severity: 1, actorId: ALICE }),
      already: 'Incident 42 is already SEV1.',
      entry: `<@${ALICE}> changed the severity from *SEV2* to *SEV1*.`,
    },
    {
      name: 'a new lead',
      incident: OPEN,
      command: (flows) => flows.assignRole(IN_CHANNEL, { role: 'lead', userId: BOB, actorId: ALICE }),
      already: `<@${BOB}> is already the incident lead.`,
      entry: `<@${ALICE}> made <@${BOB}> the incident lead (taking over from <@${ALICE}>).`,
    },
    {
      name: 'a first comms lead',
      incident: OPEN,
      command: (flows) => flows.assignRole(IN_CHANNEL, { role: 'comms', userId: BOB, actorId: ALICE }),
      already: `<@${BOB}> is already the comms lead.`,
      entry: `<@${ALICE}> made <@${BOB}> the comms lead.`,
    },
    {
      name: 'a status change',
      incident: OPEN,
      command: (flows) => flows.changeStatus(IN_CHANNEL, { to: 'identified', actorId: ALICE }),
      already: 'Incident 42 is already identified.',
      entry: `<@${ALICE}> changed the status from *Investigating* to *Identified*.`,
    },
    {
      name: 'a reopening',
      incident: buildIncident({ status: 'resolved', resolvedAt: NOW, roles: { lead: ALICE } }),
      command: (flows) => flows.reopen(IN_CHANNEL, { reason: 'It is back', actorId: ALICE }),
      already: 'Incident 42 is still open (investigating); only a resolved incident can be reopened.',
      entry: `<@${ALICE}> reopened the incident: It is back`,
    },
  ])('applies $name once and answers the copy as a repeated request', async ({ incident, command, already, entry }) => {
    const { flows, timeline, refused } = setup(incident);

    expect(await atOnce([() => command(flows), () => command(flows)])).toEqual(['done', already]);

    expect(timeline()).toEqual([entry]);
    // The copy got past its own check on what it read: the store refused it.
    expect(refused()).toBe(1);
  });

  it('tells the later of two people changing the severity at once, and applies their change on a second try', async () => {
    const { flows, timeline } = setup(OPEN);
    const sev = (severity: number, actorId: string) => () => flows.changeSeverity(IN_CHANNEL, { severity, actorId });

    expect(await atOnce([sev(1, ALICE), sev(3, CAROL)])).toEqual(['done', CONFLICT]);
    expect(await atOnce([sev(3, CAROL)])).toEqual(['done']);

    expect(timeline()).toEqual([
      `<@${ALICE}> changed the severity from *SEV2* to *SEV1*.`,
      `<@${CAROL}> changed the severity from *SEV1* to *SEV3*.`,
    ]);
  });
});

describe('declaring', () => {
  it('refuses an impact start more than 30 days back, as the declare form does, before writing anything', async () => {
    const { flows } = setup(OPEN);
    const declared = flows.declare({
      requestKey: 'V1',
      title: 'Checkout is down',
      severity: 2,
      services: [],
      description: null,
      impactStartedAt: new Date('2026-10-14T09:00:00Z'),
      actorId: ALICE,
    });
    // The fake store throws if anything is declared: the refusal comes first.
    await expect(declared).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      userMessage: 'Pick a time within the last 30 days. Older impact is recorded with /incident impact … backdate.',
    });
  });
});
