import type { ModalView, PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { IMPACT_KINDS, type ImpactKind } from '../../domain/impact/impact-window.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { findIncidentStart } from '../../domain/incident/incident-start.ts';
import type { RecordedImpact } from '../../flows/resolve-flows.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import { LIMITS, plainText, truncateText } from './format.ts';
import { encodeResolveRequest, REQUEST_LIMITS, type TResolveRequest } from './resolve-request.ts';

// The form behind "Record impact" on the resolve question: one window (service, kind, start, end), recorded as the
// incident is resolved.

export type RecordImpactModalOptions = {
  incident: IncidentView;
  services: string[];
  now: Date;
  request: TResolveRequest;
};

// Slack's limits for a select menu: 100 options, each value at most 150 characters.
const MAX_OPTIONS = 100;
const OPTION_VALUE_MAX = 150;
// Clocks of Slack clients and of this server disagree by a few seconds; a minute is generous.
const CLOCK_SKEW_MS = 60_000;

const KIND_LABELS: Record<ImpactKind, string> = { outage: 'Outage', degraded: 'Degraded' };

const option = (text: string, value: string): PlainTextOption => ({
  text: plainText(truncateText(text, LIMITS.optionText)),
  value,
});

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export const buildRecordImpactModal = ({ incident, services, now, request }: RecordImpactModalOptions): ModalView => {
  const selectable = services
    .filter((name) => name.length > 0 && name.length <= OPTION_VALUE_MAX)
    .slice(0, MAX_OPTIONS);
  const serviceOptions = selectable.map((name) => option(name, name));
  const affected = selectable.find((name) => incident.services.includes(name));
  const initialService = affected === undefined ? undefined : option(affected, affected);
  const kindOptions = IMPACT_KINDS.map((kind) => option(KIND_LABELS[kind], kind));
  return {
    type: 'modal',
    callback_id: VIEWS.recordImpact,
    title: plainText('Record impact'),
    submit: plainText('Record and resolve'),
    close: plainText('Cancel'),
    private_metadata: encodeResolveRequest(request, REQUEST_LIMITS.privateMetadata),
    blocks: [
      {
        type: 'input',
        block_id: BLOCKS.impactService,
        label: plainText('Service'),
        element: {
          type: 'static_select',
          action_id: ACTIONS.impactService,
          placeholder: plainText('Choose the affected service'),
          options: serviceOptions,
          ...(initialService === undefined ? {} : { initial_option: initialService }),
        },
      },
      {
        type: 'input',
        block_id: BLOCKS.impactKind,
        label: plainText('Impact'),
        element: {
          type: 'static_select',
          action_id: ACTIONS.impactKind,
          options: kindOptions,
          ...(kindOptions[0] === undefined ? {} : { initial_option: kindOptions[0] }),
        },
      },
      {
        type: 'input',
        block_id: BLOCKS.impactStartedAt,
        label: plainText('Started'),
        element: {
          type: 'datetimepicker',
          action_id: ACTIONS.impactStartedAt,
          initial_date_time: seconds(findIncidentStart(incident)),
        },
        hint: plainText('In your own Slack time zone.'),
      },
      {
        type: 'input',
        block_id: BLOCKS.impactEndedAt,
        label: plainText('Ended'),
        element: { type: 'datetimepicker', action_id: ACTIONS.impactEndedAt, initial_date_time: seconds(now) },
      },
    ],
  };
};

// What Slack sends for each element in `view.state.values`; each block is read on its own, so one malformed block
// makes only that field absent.
const ZSelect = z.object({ selected_option: z.object({ value: z.string() }).nullish() });
const ZDatetimepicker = z.object({ selected_date_time: z.number().nullish() });

const ZRecordImpactValues = z.object({
  [BLOCKS.impactService]: z
    .object({ [ACTIONS.impactService]: ZSelect })
    .optional()
    .catch(undefined),
  [BLOCKS.impactKind]: z
    .object({ [ACTIONS.impactKind]: ZSelect })
    .optional()
    .catch(undefined),
  [BLOCKS.impactStartedAt]: z
    .object({ [ACTIONS.impactStartedAt]: ZDatetimepicker })
    .optional()
    .catch(undefined),
  [BLOCKS.impactEndedAt]: z
    .object({ [ACTIONS.impactEndedAt]: ZDatetimepicker })
    .optional()
    .catch(undefined),
});

export type RecordImpactInput = { impact: RecordedImpact } | { errors: Record<string, string> };

/**
 * Reads a submitted "Record impact" form: a configured service, a kind, and a start and end that are set, not in
 * the future, the end not before the start. Errors are keyed by block_id. Never throws.
 */
export const readRecordImpactModal = (
  values: unknown,
  { services, now }: { services: string[]; now: Date },
): RecordImpactInput => {
  const parsed = ZRecordImpactValues.safeParse(values);
  const state = parsed.success ? parsed.data : {};
  const errors: Record<string, string> = {};
  const chosen = state[BLOCKS.impactService]?.[ACTIONS.impactService].selected_option?.value;
  const service = services.find((name) => name === chosen);
  if (service === undefined) errors[BLOCKS.impactService] = 'Choose the affected service.';
  const kindValue = state[BLOCKS.impactKind]?.[ACTIONS.impactKind].selected_option?.value;
  const kind = IMPACT_KINDS.find((candidate) => candidate === kindValue);
  if (kind === undefined) errors[BLOCKS.impactKind] = 'Choose outage or degraded.';
  const startSeconds = state[BLOCKS.impactStartedAt]?.[ACTIONS.impactStartedAt].selected_date_time;
  const endSeconds = state[BLOCKS.impactEndedAt]?.[ACTIONS.impactEndedAt].selected_date_time;
  const latest = now.getTime() + CLOCK_SKEW_MS;
  // Compared as numbers before any Date is made, so an absurd value is an error, never an Invalid Date.
  if (startSeconds === undefined || startSeconds === null) errors[BLOCKS.impactStartedAt] = 'Pick when it started.';
  else if (startSeconds * 1000 > latest) errors[BLOCKS.impactStartedAt] = 'Impact cannot start in the future.';
  if (endSeconds === undefined || endSeconds === null) errors[BLOCKS.impactEndedAt] = 'Pick when it ended.';
  else if (endSeconds * 1000 > latest) errors[BLOCKS.impactEndedAt] = 'Impact cannot end in the future.';
  else if (typeof startSeconds === 'number' && endSeconds < startSeconds) {
    errors[BLOCKS.impactEndedAt] = 'Impact cannot end before it started.';
  }
  if (
    Object.keys(errors).length > 0 ||
    service === undefined ||
    kind === undefined ||
    typeof startSeconds !== 'number' ||
    typeof endSeconds !== 'number'
  ) {
    return { errors };
  }
  return {
    impact: { service, kind, startedAt: new Date(startSeconds * 1000), endedAt: new Date(endSeconds * 1000) },
  };
};
