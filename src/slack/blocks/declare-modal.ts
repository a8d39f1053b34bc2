import type { InputBlock, KnownBlock, ModalView, PlainTextOption, SectionBlock } from '@slack/types';
import { z } from 'zod';
import { IMPACT_LOOKBACK_DAYS, isBeyondImpactLookback } from '../../domain/impact/impact-lookback.ts';
import type { Severity } from '../../domain/incident/incident.ts';
import { describeFormLookbackRefusal } from '../../domain/slack-lines/impact-lines.ts';
import type { TTeamConfig } from '../../domain/team-config/team-config.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import { LIMITS, labelSeverity, plainText, truncateText } from './format.ts';
import {
  buildOption,
  CLOCK_SKEW_MS,
  type FormErrors,
  MAX_OPTIONS,
  OPTION_VALUE_MAX,
  readField,
  ZDatetimepicker,
  ZSelectedOption,
  ZStaticSelect,
  ZTextInput,
} from './modal-fields.ts';

// The form behind `/incident`, the global shortcut and the App Home button, and the reader of what Slack sends
// back when it is submitted. Errors are keyed by block_id, as `response_action: 'errors'` expects.

export type DeclareModalOptions = {
  severities: Severity[];
  defaultSeverity: number;
  services: string[];
  /** Where the modal was opened from; the submission answers there, else in a DM. */
  channelId?: string;
  teamTimeZone: string;
  /** Choosing services asks who is on call for them (a service has a PagerDuty escalation policy). */
  suggestsLead?: boolean;
  /** Who PagerDuty has on call for a service chosen, offered with a button that makes them lead. */
  suggestion?: OnCallSuggestion;
  /** The lead the form shows chosen (the person pressed that button); empty: the person declaring. */
  lead?: string;
};

export type OnCallSuggestion = { userId: string; service: string };

export type ReadDeclareModalOptions = {
  severities: Severity[];
  services: string[];
  now: Date;
};

export type DeclareModalInput = {
  title: string;
  severity: number;
  services: string[];
  description?: string;
  impactStartedAt?: Date;
  /** Who leads it, when not the person declaring. */
  leadId?: string;
};

// The title becomes the header of the incident's summary, which Slack cuts at 150 characters.
const TITLE_MAX = LIMITS.header;
// The description is shown in one section of the summary.
const DESCRIPTION_MAX = LIMITS.sectionText;
// Errors show in red under the field; a long list of names would push the form down.
const ERROR_MAX = 150;

const buildSeverityOptions = (severities: Severity[]): PlainTextOption[] =>
  // Levels run from 1 to 9 (the team config's rule), far below the 100 options of a select.
  severities
    .toSorted((a, b) => a.level - b.level)
    .map((severity) => buildOption({ text: labelSeverity(severity.level, severities), value: String(severity.level) }));

/**
 * The lead, empty for the person declaring. One made lead by the button gets a block id of its own
 * (`declare_lead:<user>`): Slack keeps what a person chose in a block it already showed, so only a new block shows
 * the new choice. Rebuilding the form otherwise keeps the block id, and with it what the person chose.
 */
const buildLeadBlock = (lead: string | undefined): InputBlock => ({
  type: 'input',
  block_id: lead === undefined ? BLOCKS.declareLead : `${BLOCKS.declareLead}:${lead}`,
  optional: true,
  label: plainText('Lead'),
  element: {
    type: 'users_select',
    action_id: ACTIONS.declareLead,
    placeholder: plainText('You, unless you choose someone'),
    ...(lead === undefined ? {} : { initial_user: lead }),
  },
  hint: plainText('Leave empty to lead it yourself.'),
});

/** Who PagerDuty has on call for a service chosen, and a button that makes them lead: the person's choice, never sitrep's. */
const buildSuggestionBlock = ({ userId, service }: OnCallSuggestion): SectionBlock => ({
  type: 'section',
  block_id: BLOCKS.declareOnCall,
  text: { type: 'mrkdwn', text: `:telephone_receiver: On call for *${service}* now, in PagerDuty: <@${userId}>` },
  accessory: {
    type: 'button',
    action_id: ACTIONS.declareMakeLead,
    text: plainText('Make lead'),
    value: JSON.stringify({ userId, service }),
  },
});

const buildServicesBlock = (services: string[], suggestsLead: boolean): InputBlock | undefined => {
  // A value Slack would reject would make the whole modal fail to open; such a service can still be named with
  // `/incident declare`. The team config keeps names far shorter.
  const selectable = [...new Set(services)].filter((name) => name.length > 0 && name.length <= OPTION_VALUE_MAX);
  if (selectable.length === 0) return undefined;
  const listed = selectable.slice(0, MAX_OPTIONS);
  const hidden = selectable.length - listed.length;
  return {
    type: 'input',
    block_id: BLOCKS.declareServices,
    optional: true,
    // Each choice is sent at once, so the lead can be suggested from who is on call.
    ...(suggestsLead ? { dispatch_action: true } : {}),
    label: plainText('Affected services'),
    element: {
      type: 'multi_static_select',
      action_id: ACTIONS.declareServices,
      placeholder: plainText('Choose services'),
      options: listed.map((name) => buildOption({ text: name, value: name })),
    },
    ...(hidden > 0
      ? {
          hint: plainText(
            `Lists the first ${MAX_OPTIONS} of ${selectable.length} services. To name another, use /incident declare <service>: <title>.`,
          ),
        }
      : {}),
  };
};

/** The declare-an-incident modal, with the team's default severity chosen and its services to pick from. */
export const buildDeclareModal = ({
  severities,
  defaultSeverity,
  services,
  channelId,
  teamTimeZone,
  suggestsLead = false,
  suggestion,
  lead,
}: DeclareModalOptions): ModalView => {
  const severityOptions = buildSeverityOptions(severities);
  const initialSeverity = severityOptions.find((option) => option.value === String(defaultSeverity));
  const servicesBlock = buildServicesBlock(services, suggestsLead);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: BLOCKS.declareTitle,
      label: plainText('Title'),
      element: {
        type: 'plain_text_input',
        action_id: ACTIONS.declareTitle,
        placeholder: plainText('Checkout is down'),
        max_length: TITLE_MAX,
        focus_on_load: true,
      },
    },
    {
      type: 'input',
      block_id: BLOCKS.declareSeverity,
      label: plainText('Severity'),
      element: {
        type: 'static_select',
        action_id: ACTIONS.declareSeverity,
        placeholder: plainText('Choose a severity'),
        options: severityOptions,
        ...(initialSeverity === undefined ? {} : { initial_option: initialSeverity }),
      },
    },
    ...(servicesBlock === undefined ? [] : [servicesBlock]),
    ...(suggestion === undefined ? [] : [buildSuggestionBlock(suggestion)]),
    buildLeadBlock(lead),
    {
      type: 'input',
      block_id: BLOCKS.declareDescription,
      optional: true,
      label: plainText('Description'),
      element: {
        type: 'plain_text_input',
        action_id: ACTIONS.declareDescription,
        multiline: true,
        placeholder: plainText('What do we know so far? Who is affected?'),
        max_length: DESCRIPTION_MAX,
      },
    },
    {
      type: 'input',
      block_id: BLOCKS.declareImpactStartedAt,
      optional: true,
      label: plainText('Impact started'),
      element: { type: 'datetimepicker', action_id: ACTIONS.declareImpactStartedAt },
      // The picker shows each person's own Slack time zone, which may not be the team's.
      hint: plainText(
        truncateText(
          `Leave empty if impact started when you declare. The time is in your own Slack time zone; the team's is ${teamTimeZone}.`,
          LIMITS.field,
        ),
      ),
    },
  ];
  return {
    type: 'modal',
    callback_id: VIEWS.declareIncident,
    title: plainText('Declare an incident'),
    submit: plainText('Declare'),
    close: plainText('Cancel'),
    private_metadata: channelId === undefined ? '{}' : JSON.stringify({ channelId }),
    blocks,
  };
};

/** The declare modal for the team's configuration; the submission answers in `channelId` when opened from one. */
export const buildTeamDeclareModal = ({
  team,
  channelId,
  onCallEnabled,
  suggestion,
  lead,
}: {
  team: TTeamConfig;
  channelId?: string;
  /** PagerDuty can be asked who is on call (PAGERDUTY_API_TOKEN is set). */
  onCallEnabled: boolean;
  suggestion?: OnCallSuggestion;
  lead?: string;
}): ModalView =>
  buildDeclareModal({
    severities: team.severities,
    defaultSeverity: team.defaultSeverity,
    services: team.services.map((s) => s.name),
    channelId,
    teamTimeZone: team.team.timeZone,
    suggestsLead: onCallEnabled && team.services.some((service) => service.pagerduty?.escalationPolicyId !== undefined),
    ...(suggestion === undefined ? {} : { suggestion }),
    ...(lead === undefined ? {} : { lead }),
  });

/** The lead a form shows made lead by its button (the suffix of its lead block's id), so a rebuild keeps it. */
export const leadBlockUser = (values: Record<string, unknown>): string | undefined =>
  Object.keys(values)
    .find((blockId) => blockId.startsWith(`${BLOCKS.declareLead}:`))
    ?.slice(BLOCKS.declareLead.length + 1);

const ZUsersSelect = z.object({ selected_user: z.string().nullish() });
const ZBlocks = z.record(z.string(), z.unknown());

/** The lead chosen (or suggested and kept), from whichever lead block the form shows. */
export const readDeclareLead = (values: unknown): string | undefined => {
  const blocks = ZBlocks.safeParse(values);
  if (!blocks.success) return undefined;
  for (const [blockId, block] of Object.entries(blocks.data)) {
    if (blockId !== BLOCKS.declareLead && !blockId.startsWith(`${BLOCKS.declareLead}:`)) continue;
    const parsed = ZUsersSelect.safeParse(ZBlocks.safeParse(block).data?.[ACTIONS.declareLead]);
    return parsed.success ? (parsed.data.selected_user ?? undefined) : undefined;
  }
  return undefined;
};

const ZMultiStaticSelect = z.object({ selected_options: z.array(ZSelectedOption).nullish() });

type FieldResult<T> = { value: T } | { error: string };

const readTitle = (values: unknown): FieldResult<string> => {
  const input = readField({ values, field: 'declareTitle', schema: ZTextInput });
  const title = input?.value?.trim() ?? '';
  if (title.length === 0) return { error: 'Give the incident a title, such as "Checkout is down".' };
  if (title.length > TITLE_MAX) return { error: `Keep the title to ${TITLE_MAX} characters.` };
  return { value: title };
};

const readSeverity = (values: unknown, severities: Severity[]): FieldResult<number> => {
  const select = readField({ values, field: 'declareSeverity', schema: ZStaticSelect });
  const chosen = select?.selected_option?.value;
  const severity = severities.find((s) => String(s.level) === chosen);
  if (severity !== undefined) return { value: severity.level };
  const names = severities.map((s) => s.name).join(', ');
  return { error: truncateText(`Choose one of the team's severities: ${names}.`, ERROR_MAX) };
};

const readServices = (values: unknown, services: string[]): FieldResult<string[]> => {
  const select = readField({ values, field: 'declareServices', schema: ZMultiStaticSelect });
  const chosen = select?.selected_options ?? [];
  const names = [...new Set(chosen.map((option) => option.value))];
  const unknown = names.filter((name) => !services.includes(name));
  if (unknown.length === 0) return { value: names };
  const listed = unknown.map((name) => `"${name}"`).join(', ');
  const message =
    unknown.length === 1
      ? `There is no service called ${listed}; choose from the list.`
      : `There are no services called ${listed}; choose from the list.`;
  return { error: truncateText(message, ERROR_MAX) };
};

const readDescription = (values: unknown): FieldResult<string | undefined> => {
  const input = readField({ values, field: 'declareDescription', schema: ZTextInput });
  const description = input?.value?.trim() ?? '';
  if (description.length > DESCRIPTION_MAX) return { error: `Keep the description to ${DESCRIPTION_MAX} characters.` };
  return { value: description.length === 0 ? undefined : description };
};

const readImpactStartedAt = (values: unknown, now: Date): FieldResult<Date | undefined> => {
  const picker = readField({ values, field: 'declareImpactStartedAt', schema: ZDatetimepicker });
  const seconds = picker?.selected_date_time;
  if (seconds === undefined || seconds === null) return { value: undefined };
  // Compared as numbers before any Date is made, so an absurd value is an error, never an Invalid Date.
  const milliseconds = seconds * 1000;
  if (milliseconds > now.getTime() + CLOCK_SKEW_MS) {
    return { error: 'Impact cannot start in the future. Leave it empty if it started when you declare.' };
  }
  if (isBeyondImpactLookback({ at: milliseconds, now })) {
    return { error: describeFormLookbackRefusal(IMPACT_LOOKBACK_DAYS) };
  }
  return { value: new Date(milliseconds) };
};

/**
 * Reads a submitted declare modal (`view.state.values`) against the team's severities and services. Never throws:
 * any shape Slack (or anyone) sends gives either the incident to declare or an error per block.
 */
export const readDeclareModalState = (
  values: unknown,
  { severities, services, now }: ReadDeclareModalOptions,
): DeclareModalInput | FormErrors => {
  const title = readTitle(values);
  const severity = readSeverity(values, severities);
  const chosenServices = readServices(values, services);
  const description = readDescription(values);
  const impactStartedAt = readImpactStartedAt(values, now);

  if (
    'error' in title ||
    'error' in severity ||
    'error' in chosenServices ||
    'error' in description ||
    'error' in impactStartedAt
  ) {
    const fields: [string, FieldResult<unknown>][] = [
      [BLOCKS.declareTitle, title],
      [BLOCKS.declareSeverity, severity],
      [BLOCKS.declareServices, chosenServices],
      [BLOCKS.declareDescription, description],
      [BLOCKS.declareImpactStartedAt, impactStartedAt],
    ];
    return {
      errors: Object.fromEntries(
        fields.flatMap(([blockId, field]) => ('error' in field ? [[blockId, field.error]] : [])),
      ),
    };
  }
  const leadId = readDeclareLead(values);
  return {
    title: title.value,
    severity: severity.value,
    services: chosenServices.value,
    ...(leadId === undefined ? {} : { leadId }),
    ...(description.value === undefined ? {} : { description: description.value }),
    ...(impactStartedAt.value === undefined ? {} : { impactStartedAt: impactStartedAt.value }),
  };
};
