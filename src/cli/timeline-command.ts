import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadTeamConfig } from '../config/team-config-file.ts';
import { isKnownTimeZone } from '../domain/time/time-zone.ts';
import { renderTimelineJson, renderTimelineMarkdown } from '../render/timeline.ts';
import { openDatabase } from '../store/database.ts';
import { createIncidentStore } from '../store/incident-store.ts';
import { createTimelineStore } from '../store/timeline-store.ts';
import { type CommandCall, EXIT, failOn, runConfiguredCommand } from './command-exit.ts';

const TIMELINE_USAGE = 'usage: sitrep timeline <number> [--format md|json] [--zone Europe/Paris]';

const ZTimelineArgs = z.object({
  number: z.coerce.number().int().positive(),
  format: z.enum(['md', 'json']).default('md'),
  zone: z.string().optional(),
});

/**
 * `sitrep timeline <number>`: an incident's timeline as Markdown in the team's zone (or `--zone`), or as JSON.
 * Returns the exit code: 0 printed, 2 for arguments or a configuration to fix, 1 for an unknown incident or any other
 * failure; each failure is one line on stderr.
 */
export const runTimelineCommand = async ({
  args,
  env,
  cwd,
  stdout = process.stdout,
  stderr = process.stderr,
}: CommandCall): Promise<number> => {
  const fail = failOn(stderr);
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, zone: { type: 'string' } },
  });
  const parsed = ZTimelineArgs.safeParse({ number: positionals[0], format: values.format, zone: values.zone });
  if (!parsed.success || positionals.length !== 1) return fail(TIMELINE_USAGE, EXIT.usage);
  return runConfiguredCommand({
    env,
    cwd,
    stderr,
    needsSlack: false,
    work: async ({ config, fail }) => {
      const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
      const zone = parsed.data.zone ?? team.team.timeZone;
      if (!isKnownTimeZone(zone)) {
        return fail(`--zone should be an IANA time zone such as Europe/Paris (got ${zone})`, EXIT.usage);
      }
      const database = await openDatabase({ target: config.database, command: 'timeline', poolSize: 1 });
      try {
        const incident = await createIncidentStore(database.prisma).findByNumber(parsed.data.number);
        if (!incident) return fail(`there is no incident ${parsed.data.number}`, EXIT.failed);
        const items = await createTimelineStore(database.prisma).listForIncident(incident.id);
        const input = { incidentNumber: incident.number, title: incident.title, items };
        stdout.write(
          parsed.data.format === 'json'
            ? `${renderTimelineJson(input)}\n`
            : `${renderTimelineMarkdown({ ...input, zone })}\n`,
        );
        return EXIT.done;
      } finally {
        await database.close();
      }
    },
  });
};
