import { buildSlaReport } from '../../blocks/sla-report.ts';
import type { SubcommandAnswer } from './incident-subcommand.ts';

/** `/incident report [service] [2026-10|2026-Q4]`: availability and error budget per service. */
export const answerReport: SubcommandAnswer<'report'> = async ({ context, command, respond }) => {
  const reports = await context.reports.buildReport({
    ...(command.service === undefined ? {} : { service: command.service }),
    ...(command.period === undefined ? {} : { period: command.period }),
  });
  await respond({ response_type: 'ephemeral', ...buildSlaReport({ reports, now: context.now() }) });
};
