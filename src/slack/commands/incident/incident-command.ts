import type { App, RespondFn } from '@slack/bolt';
import { isAppError } from '../../../domain/app-error.ts';
import { severityName } from '../../../domain/incident/incident.ts';
import {
  INCIDENT_HELP,
  parseIncidentCommand,
  type TIncidentCommand,
} from '../../../domain/incident-command/incident-command.ts';
import { ROLE_NAMES } from '../../../domain/slack-lines/incident-lines.ts';
import { formatInZone } from '../../../domain/time/wall-clock.ts';
import { renderTimelineForSlack } from '../../../render/timeline.ts';
import { buildDeclareModal } from '../../blocks/declare-modal.ts';
import { buildDeployList } from '../../blocks/deploy-list.ts';
import { buildIncidentList, buildWhichIncident } from '../../blocks/incident-list.ts';
import { buildResolvePrompt, describeResolvedForAuthor } from '../../blocks/resolve-prompt.ts';
import { buildSlaReport } from '../../blocks/sla-report.ts';
import type { SlackContext } from '../../context.ts';
import { COMMANDS } from '../../ids.ts';
import { describeFailure } from '../../respond-to-error.ts';
import { runActionCommand } from './action-items.ts';

type CommandOrigin = { userId: string; channelId: string; triggerId: string };

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** Runs one parsed command and says, to the person only, what happened. */
const runCommand = async (
  context: SlackContext,
  command: Exclude<TIncidentCommand, { kind: 'open_modal' }>,
  origin: CommandOrigin,
  respond: RespondFn,
): Promise<void> => {
  const { flows, team } = context;
  const target = {
    channelId: origin.channelId,
    ...('incident' in command && command.incident !== undefined ? { number: command.incident } : {}),
  };
  switch (command.kind) {
    case 'action':
    case 'actions':
    case 'postmortem_complete':
      return runActionCommand({ context, command, origin, respond });
    case 'help':
      await respond(ephemeral(INCIDENT_HELP));
      return;
    case 'list': {
      const incidents = await flows.listOpen();
      await respond({
        response_type: 'ephemeral',
        ...buildIncidentList({
          incidents,
          severities: team.severities,
          now: context.now(),
          teamTimeZone: team.team.timeZone,
        }),
      });
      return;
    }
    case 'declare': {
      const { incident, created } = await flows.declare({
        requestKey: `command:${origin.triggerId}`,
        title: command.title,
        severity: command.severity,
        services: command.services,
        description: null,
        impactStartedAt: null,
        actorId: origin.userId,
      });
      await respond(
        ephemeral(
          created
            ? `:rotating_light: Declared incident ${incident.number} (${severityName(incident.severity, team.severities)}): ${incident.title}. I'm opening its channel and inviting you; you are the lead until someone else takes over.`
            : `Incident ${incident.number} was already declared from this request.`,
        ),
      );
      return;
    }
    case 'status': {
      const incident = await flows.changeStatus(target, {
        to: command.status,
        actorId: origin.userId,
        ...(command.message ? { message: command.message } : {}),
      });
      await respond(ephemeral(`Incident ${incident.number} is now ${incident.status}.`));
      return;
    }
    case 'resolve': {
      const message = command.message ? { message: command.message } : {};
      const start = await context.resolution.start(target, { actorId: origin.userId, ...message });
      await respond(
        start.kind === 'resolved'
          ? ephemeral(describeResolvedForAuthor(start.incident.number))
          : { response_type: 'ephemeral', ...buildResolvePrompt({ start, ...message }) },
      );
      return;
    }
    case 'impact': {
      const { answer } = await context.impact.record(target, {
        action: command.action,
        services: command.services,
        actorId: origin.userId,
        requestKey: origin.triggerId,
        ...(command.time === undefined ? {} : { time: command.time }),
      });
      await respond(ephemeral(answer));
      return;
    }
    case 'reopen': {
      const incident = await flows.reopen(target, { reason: command.reason, actorId: origin.userId });
      await respond(ephemeral(`Incident ${incident.number} is open again (investigating).`));
      return;
    }
    case 'severity': {
      const incident = await flows.changeSeverity(target, { severity: command.severity, actorId: origin.userId });
      await respond(
        ephemeral(`Incident ${incident.number} is now ${severityName(incident.severity, team.severities)}.`),
      );
      return;
    }
    case 'note': {
      const note = await context.timeline.addNote(target, {
        text: command.text,
        actorId: origin.userId,
        requestKey: origin.triggerId,
      });
      const when = note.backdated ? ` at ${formatInZone(note.occurredAt, note.zone)} (${note.zone})` : '';
      await respond(ephemeral(`Noted on the timeline of incident ${note.incident.number}${when}.`));
      return;
    }
    case 'timeline': {
      const [{ incident, rows }, zone] = await Promise.all([
        context.timeline.listTimeline(target),
        context.timeline.zoneOf(origin.userId),
      ]);
      await respond({
        response_type: 'ephemeral',
        ...renderTimelineForSlack({
          incidentNumber: incident.number,
          title: incident.title,
          items: rows,
          zone,
          now: context.now(),
        }),
      });
      return;
    }
    case 'postmortem': {
      const { incident, version } = await context.postmortems.regenerate(target, {
        actorId: origin.userId,
        requestKey: `command:${origin.triggerId}`,
      });
      const where = incident.channelId ? `<#${incident.channelId}>` : 'the incident channel';
      const draft = incident.status === 'resolved' ? '' : ' The incident is not resolved yet, so it is an early draft.';
      await respond(
        ephemeral(
          `:memo: Postmortem draft v${version.version} of incident ${incident.number} is being posted in ${where} as a canvas and a Markdown file.${draft}`,
        ),
      );
      return;
    }
    case 'changes': {
      const deploys = await context.events.listChanges({
        services: command.service === undefined ? [] : [command.service],
        minutes: command.minutes,
      });
      await respond({
        response_type: 'ephemeral',
        ...buildDeployList({
          deploys,
          service: command.service,
          minutes: command.minutes,
          teamTimeZone: team.team.timeZone,
        }),
      });
      return;
    }
    case 'report': {
      const reports = await context.reports.buildReport({
        ...(command.service === undefined ? {} : { service: command.service }),
        ...(command.period === undefined ? {} : { period: command.period }),
      });
      await respond({ response_type: 'ephemeral', ...buildSlaReport({ reports, now: context.now() }) });
      return;
    }
    case 'role': {
      const incident = await flows.assignRole(target, {
        role: command.role,
        userId: command.userId,
        actorId: origin.userId,
      });
      await respond(
        ephemeral(`<@${command.userId}> is now the ${ROLE_NAMES[command.role]} of incident ${incident.number}.`),
      );
      return;
    }
  }
};

/** `/incident …`: acknowledged at once, parsed, handed to a flow, answered only to the person who typed it. */
export const registerIncidentCommand = (app: App, context: SlackContext): void => {
  app.command(COMMANDS.incident, async ({ ack, command, respond, client }) => {
    await ack();
    const { team } = context;
    const parsed = parseIncidentCommand(command.text, {
      severities: team.severities,
      defaultSeverity: team.defaultSeverity,
      services: team.services.map((s) => s.name),
    });
    if (!parsed.ok) {
      await respond(ephemeral(parsed.message));
      return;
    }
    try {
      if (parsed.command.kind === 'open_modal') {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildDeclareModal({
            severities: team.severities,
            defaultSeverity: team.defaultSeverity,
            services: team.services.map((s) => s.name),
            channelId: command.channel_id,
            teamTimeZone: team.team.timeZone,
          }),
        });
        return;
      }
      await runCommand(
        context,
        parsed.command,
        { userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id },
        respond,
      );
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_IN_INCIDENT') {
        const incidents = await context.flows.listOpen();
        await respond({
          response_type: 'ephemeral',
          ...buildWhichIncident({ incidents, commandExample: `${COMMANDS.incident} ${command.text.trim()}` }),
        });
        return;
      }
      await respond(ephemeral(describeFailure(error, context.logger)));
    }
  });
};
