import { AppError } from '../app-error.ts';
import type { TTeamConfig } from '../team-config/team-config.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import { listWords } from '../text/list-words.ts';
import { parsePeriod, periodContaining, type SlaPeriod } from './sla-period.ts';

/** What someone asks for: one service or all, and a period as typed (`2026-10`, `2026-Q4`) or each service's own. */
export type ReportRequest = { service?: string; period?: string };

type TService = TTeamConfig['services'][number];

/** A service and the period it is reported over. */
export type PlannedReport = { service: TService; period: SlaPeriod };

export type PlanReportOptions = { team: TTeamConfig; request: ReportRequest; now: Date };

const listServiceNames = (services: readonly TService[]): string => listWords(services.map((service) => service.name));

/** What someone typed, shown back short and inert (no backtick to end the code span). */
const echo = (typed: string): string => {
  const characters = Array.from(typed.trim().replaceAll('`', "'"));
  return `\`${characters.length > 40 ? `${characters.slice(0, 39).join('')}…` : characters.join('')}\``;
};

const findService = (team: TTeamConfig, name: string): TService => {
  const known = team.services.find((service) => service.name.toLowerCase() === name.trim().toLowerCase());
  if (known !== undefined) return known;
  const near = suggestClosest(
    name.trim(),
    team.services.map((service) => service.name),
  );
  const hint = near === undefined ? '' : ` Did you mean \`${near}\`?`;
  const configured =
    team.services.length === 0
      ? 'No services are configured in sitrep.yml.'
      : `The services in sitrep.yml are ${listServiceNames(team.services)}.`;
  throw new AppError('BAD_REQUEST', { userMessage: `Unknown service ${echo(name)}.${hint} ${configured}` });
};

/**
 * Which services a report covers, each over which period, checked before anything is read: the one service asked
 * for or every configured one, in sitrep.yml's order; the period typed, for each of them, or else each service's
 * own SLA window (month or quarter) that holds `now` in the team's zone. An unknown service, a period that does not
 * parse and one that has not started yet are refused with an AppError (`BAD_REQUEST`) whose message says why.
 */
export const planReport = ({ team, request, now }: PlanReportOptions): PlannedReport[] => {
  const services = request.service === undefined ? team.services : [findService(team, request.service)];
  const zone = team.team.timeZone;
  if (request.period === undefined) {
    return services.map((service) => ({
      service,
      period: periodContaining({ instant: now, window: service.sla.window, zone }),
    }));
  }
  const parsed = parsePeriod({ text: request.period, zone });
  if (!parsed.ok) throw new AppError('BAD_REQUEST', { userMessage: parsed.message });
  if (parsed.period.start.getTime() > now.getTime()) {
    throw new AppError('BAD_REQUEST', {
      userMessage: `${parsed.period.label} has not started yet: a report covers a period that has begun.`,
    });
  }
  return services.map((service) => ({ service, period: parsed.period }));
};
