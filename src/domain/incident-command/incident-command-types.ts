import type { ActionKindName } from '../action-items/action-item-kinds.ts';
import type { ImpactAction } from '../impact/impact-window.ts';
import type { IncidentStatus, RoleKind, Severity } from '../incident/incident.ts';

/** What the parser needs from the team's configuration. */
export type CommandContext = { severities: Severity[]; defaultSeverity: number; services: string[] };

/** What `/incident <text>` asks for; `incident` is the number of the incident named in the command, if any. */
export type TIncidentCommand =
  | { kind: 'open_modal' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'declare'; severity: number; services: string[]; title: string }
  | { kind: 'status'; status: Exclude<IncidentStatus, 'resolved'>; message?: string; incident?: number }
  | { kind: 'severity'; severity: number; incident?: number }
  | { kind: 'role'; role: RoleKind; userId: string; incident?: number }
  | { kind: 'resolve'; message?: string; incident?: number }
  | { kind: 'reopen'; reason: string; incident?: number }
  /** `text` may start with a time (`14:05 …`), read later in the author's time zone. */
  | { kind: 'note'; text: string; incident?: number }
  | { kind: 'timeline'; incident?: number }
  /** Try again to open the incident's channel, which Slack refused to create. */
  | { kind: 'channel'; incident?: number }
  /** Page a service's on-call through PagerDuty now, whatever the severity. */
  | { kind: 'page'; service: string; reason?: string; incident?: number }
  | { kind: 'oncall'; service: string }
  /** Draft the postmortem again, as a new version. */
  | { kind: 'postmortem'; incident?: number }
  /** `time` as typed (`13:58`, `yesterday 23:50`, `2026-11-20 23:50`), read later in the author's time zone. */
  | {
      kind: 'impact';
      action: ImpactAction;
      time?: string;
      services: string[];
      /** The time may be further back than the lookback: the person says so. */
      backdate?: true;
      incident?: number;
    }
  | { kind: 'changes'; service?: string; minutes: number }
  /** `period` as typed (`2026-10`, `2026-Q4`), read later in the team's time zone. */
  | { kind: 'report'; service?: string; period?: string }
  /** `due` as typed; the date's validity against today and the calendar is checked by the caller in the owner's zone. */
  | {
      kind: 'action';
      title: string;
      ownerId?: string;
      due?: { kind: 'date'; date: string } | { kind: 'business_days'; count: number };
      actionKind?: ActionKindName;
      trackerUrl?: string;
      incident?: number;
    }
  | { kind: 'actions'; scope?: 'mine' | 'overdue' | 'all'; incident?: number }
  | { kind: 'postmortem_complete'; incident?: number }
  /** An update for the public status page; `status` is the incident's when not given. */
  | { kind: 'publish'; text: string; title?: string; status?: IncidentStatus; incident?: number }
  /** `start` as typed (`02:00`, `tomorrow 02:00`, `2026-12-10 02:00`), read later in the author's time zone. */
  | { kind: 'maintenance'; services: string[]; start: string; minutes: number; publicText: string }
  | { kind: 'maintenance_list' }
  | { kind: 'maintenance_cancel'; maintenance: { number: number } | { id: string } };

export type ParseResult = { ok: true; command: TIncidentCommand } | { ok: false; message: string };

type Token = { word: string; start: number };

/** The text with whitespace collapsed, cut into words; a Slack mention such as `<@U1|al ice>` is one word. */
export type Input = { text: string; tokens: Token[] };

/** The words of a command, from its subcommand word on, and the team's configuration to read them with. */
export type SubcommandWords = { input: Input; context: CommandContext };
