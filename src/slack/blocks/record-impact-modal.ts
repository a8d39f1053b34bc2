import type { ModalView } from '@slack/types';
import { IMPACT_LOOKBACK_DAYS, isBeyondImpactLookback } from '../../domain/impact/impact-lookback.ts';
import { IMPACT_KINDS, type ImpactKind } from '../../domain/impact/impact-window.ts';
import type { IncidentView } from '../../domain/incident/incident.ts';
import { findIncidentStart } from '../../domain/incident/incident-start.ts';
import { describeFormLookbackRefusal } from '../../domain/slack-lines/impact-lines.ts';
import type { RecordedImpact } from '../../flows/resolve-flows.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../ids.ts';
import { plainText } from './format.ts';
import {
  buildOption,
  CLOCK_SKEW_MS,
  type FormErrors,
  MAX_OPTIONS,
  OPTION_VALUE_MAX,
  readField,
  ZDatetimepicker,
  ZStaticSelect,
} from './modal-fields.ts';
import { encodeResolveRequest, REQUEST_LIMITS, type TResolveRequest } from './resolve-request.ts';

// The form behind "Record impact" on the resolve question: one window (service, kind, start, end), recorded as the
// incident is resolved.

export type RecordImpactModalOptions = {
  incident: IncidentView;
  services: string[];
  now: Date;
  request: TResolveRequest;
};

const KIND_LABELS: Record<ImpactKind, string> = { outage: 'Outage', degraded: 'Degraded' };

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export const buildRecordImpactModal = ({ incident, services, now, request }: RecordImpactModalOptions): ModalView => {
  const selectable = services
    .filter((name) => name.length > 0 && name.length <= OPTION_VALUE_MAX)
    .slice(0, MAX_OPTIONS);
  const serviceOptions = selectable.map((name) => buildOption({ text: name, value: name }));
  const affected = selectable.find((name) => incident.services.includes(name));
  const initialService = affected === undefined ? undefined : buildOption({ text: affected, value: affected });
  const kindOptions = IMPACT_KINDS.map((kind) => buildOption({ text: KIND_LABELS[kind], value: kind }));
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

export type RecordImpactInput = { impact: RecordedImpact } | FormErrors;

/**
 * Reads a submitted "Record impact" form: a configured service, a kind, and a start and end that are set, not in
 * the future, the start within the lookback, the end not before the start. Errors are keyed by block_id. Never throws.
 */
export const readRecordImpactModal = (
  values: unknown,
  { services, now }: { services: string[]; now: Date },
): RecordImpactInput => {
  const errors: Record<string, string> = {};
  const chosen = readField({ values, field: 'impactService', schema: ZStaticSelect })?.selected_option?.value;
  const service = services.find((name) => name === chosen);
  if (service === undefined) errors[BLOCKS.impactService] = 'Choose the affected service.';
  const kindValue = readField({ values, field: 'impactKind', schema: ZStaticSelect })?.selected_option?.value;
  const kind = IMPACT_KINDS.find((candidate) => candidate === kindValue);
  if (kind === undefined) errors[BLOCKS.impactKind] = 'Choose outage or degraded.';
  const startSeconds = readField({ values, field: 'impactStartedAt', schema: ZDatetimepicker })?.selected_date_time;
  const endSeconds = readField({ values, field: 'impactEndedAt', schema: ZDatetimepicker })?.selected_date_time;
  const latest = now.getTime() + CLOCK_SKEW_MS;
  // Compared as numbers before any Date is made, so an absurd value is an error, never an Invalid Date.
  if (startSeconds === undefined || startSeconds === null) errors[BLOCKS.impactStartedAt] = 'Pick when it started.';
  else if (startSeconds * 1000 > latest) errors[BLOCKS.impactStartedAt] = 'Impact cannot start in the future.';
  else if (isBeyondImpactLookback({ at: startSeconds * 1000, now })) {
    errors[BLOCKS.impactStartedAt] = describeFormLookbackRefusal(IMPACT_LOOKBACK_DAYS);
  }
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
