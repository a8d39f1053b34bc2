import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createPostmortemFlows } from '../flows/postmortem-flows.ts';
import { createIncidentStore } from '../store/incident-store.ts';
import { createPostmortemFactsStore } from '../store/postmortem-facts-store.ts';
import { createPostmortemStore } from '../store/postmortem-store.ts';
import { type CommandCall, EXIT } from './command-exit.ts';
import { type ArgsResult, runDatabaseCommand } from './database-command.ts';

const POSTMORTEM_USAGE = 'usage: sitrep postmortem <number> [--out file.md]';

const ZPostmortemArgs = z.object({
  number: z.coerce.number().int().positive(),
  out: z.string().min(1).optional(),
});

type PostmortemArgsResult = ArgsResult<z.infer<typeof ZPostmortemArgs>>;

/** Reads `<number> [--out file.md]`. */
const parsePostmortemArgs = (args: string[]): PostmortemArgsResult => {
  try {
    const { positionals, values } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { out: { type: 'string' } },
    });
    const parsed = ZPostmortemArgs.safeParse({ number: positionals[0], out: values.out });
    if (!parsed.success || positionals.length !== 1) return { ok: false, message: POSTMORTEM_USAGE };
    return { ok: true, args: parsed.data };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('. To specify')[0] ?? error.message) : String(error);
    return { ok: false, message: `postmortem: ${reason} (${POSTMORTEM_USAGE})` };
  }
};

/** `cwd` is also where the postmortem template and `--out` start. */
export type RunPostmortemCommandOptions = CommandCall & { now?: () => Date };

const USAGE_ERRORS = new Set(['BAD_REQUEST', 'CONFIG_INVALID', 'DATABASE_LOCKED', 'POSTMORTEM_TEMPLATE_INVALID']);

/**
 * `sitrep postmortem <number>`: the latest stored postmortem version of an incident as Markdown, on stdout or, with
 * `--out`, in a file. An incident with no version yet gets a draft rendered now, which is not stored. Reads the
 * database with one connection, so it also works while `serve` runs on the embedded database. Returns the exit code:
 * 0 printed, 1 for an unknown incident or any other failure, 2 on a misuse, a configuration or a template to fix.
 */
export const runPostmortemCommand = async ({
  now = () => new Date(),
  cwd,
  ...call
}: RunPostmortemCommandOptions): Promise<number> =>
  runDatabaseCommand({
    ...call,
    cwd,
    command: 'postmortem',
    usage: POSTMORTEM_USAGE,
    parseArgs: parsePostmortemArgs,
    usageErrors: USAGE_ERRORS,
    run: async ({ args, team, database, stdout, stderr, fail }) => {
      const incidents = createIncidentStore(database.prisma);
      const incident = await incidents.findByNumber(args.number);
      if (!incident) return fail(`there is no incident ${args.number}`, EXIT.failed);
      const flows = createPostmortemFlows({
        incidents,
        postmortems: createPostmortemStore(database.prisma),
        facts: createPostmortemFactsStore(database.prisma),
        team,
        cwd,
        now,
        onEffects: () => {},
        findTarget: async () => incident,
      });
      const { markdown, version } = await flows.readLatest(incident);
      const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
      if (args.out === undefined) {
        stdout.write(text);
        return EXIT.done;
      }
      const path = resolve(cwd, args.out);
      await writeFile(path, text);
      stderr.write(
        `Wrote ${version === null ? 'a fresh draft (no version stored yet)' : `version ${version}`} of the postmortem of incident ${incident.number} to ${path}\n`,
      );
      return EXIT.done;
    },
  });
