import type { App } from '@slack/bolt';
import { isAppError } from '../../../domain/app-error.ts';
import { parseIncidentCommand } from '../../../domain/incident-command/incident-command.ts';
import { buildWhichIncident } from '../../blocks/incident-list.ts';
import type { SlackContext } from '../../context.ts';
import { COMMANDS } from '../../ids.ts';
import { describeFailure } from '../../respond-to-error.ts';
import { answerActionItem } from './action-item.ts';
import { answerActionItems } from './action-items.ts';
import { answerChanges } from './changes.ts';
import { answerChannel } from './channel.ts';
import { answerDeclare } from './declare.ts';
import { answerHelp } from './help.ts';
import { answerImpact } from './impact.ts';
import type { IncidentCommandKind, SubcommandAnswer, SubcommandRequest } from './incident-subcommand.ts';
import { ephemeral } from './incident-subcommand.ts';
import { answerTo } from './late-answer.ts';
import { answerList } from './list.ts';
import { answerMaintenance } from './maintenance.ts';
import { answerMaintenanceCancel } from './maintenance-cancel.ts';
import { answerMaintenanceList } from './maintenance-list.ts';
import { answerNote } from './note.ts';
import { answerOnCall } from './on-call.ts';
import { openDeclareModal } from './open-declare-modal.ts';
import { answerPage } from './page.ts';
import { answerPostmortem } from './postmortem.ts';
import { answerPostmortemComplete } from './postmortem-complete.ts';
import { answerPublish } from './publish.ts';
import { answerReopen } from './reopen.ts';
import { answerReport } from './report.ts';
import { answerResolve } from './resolve.ts';
import { answerRole } from './role.ts';
import { answerSeverity } from './severity.ts';
import { answerStatus } from './status.ts';
import { answerTimeline } from './timeline.ts';

/** Where each subcommand is answered: `/incident report` in report.ts, and so on. */
const SUBCOMMANDS: { [K in IncidentCommandKind]: SubcommandAnswer<K> } = {
  open_modal: openDeclareModal,
  help: answerHelp,
  list: answerList,
  declare: answerDeclare,
  status: answerStatus,
  severity: answerSeverity,
  role: answerRole,
  resolve: answerResolve,
  reopen: answerReopen,
  note: answerNote,
  timeline: answerTimeline,
  channel: answerChannel,
  page: answerPage,
  oncall: answerOnCall,
  postmortem: answerPostmortem,
  impact: answerImpact,
  changes: answerChanges,
  report: answerReport,
  action: answerActionItem,
  actions: answerActionItems,
  postmortem_complete: answerPostmortemComplete,
  publish: answerPublish,
  maintenance: answerMaintenance,
  maintenance_list: answerMaintenanceList,
  maintenance_cancel: answerMaintenanceCancel,
};

const answerSubcommand = <K extends IncidentCommandKind>(kind: K, request: SubcommandRequest<K>): Promise<void> =>
  SUBCOMMANDS[kind](request);

/** `/incident …`: acknowledged at once, parsed, handed to its subcommand, answered only to the person who typed it. */
export const registerIncidentCommand = (app: App, context: SlackContext): void => {
  app.command(COMMANDS.incident, async ({ ack, command, respond: respondAtUrl, client, context: bolt }) => {
    await ack();
    const late = bolt.lateAnswer === true;
    const respond = answerTo({ late, respond: respondAtUrl, client, userId: command.user_id });
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
      await answerSubcommand(parsed.command.kind, {
        context,
        command: parsed.command,
        origin: { userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id },
        respond,
        client,
      });
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
