import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeCommandFailure, EXIT, type Writable } from './command-exit.ts';
import { parseConfig } from './config.ts';
import { createPostmortemFlows } from './flows/postmortem-flows.ts';
import { openDatabase } from './store/database.ts';
import { createIncidentStore } from './store/incident-store.ts';
import { createPostmortemFactsStore } from './store/postmortem-facts-store.ts';
import { createPostmortemStore } from './store/postmortem-store.ts';
import { loadTeamConfig } from './team-config-file.ts';

export const POSTMORTEM_USAGE = 'usage: sitrep postmortem <number> [--out file.md]';

/** Exit codes, as for every sitrep command: 0 done, 1 failed, 2 misused or misconfigured. */
const ZPostmortemArgs = z.object({
  number: z.coerce.number().int().positive(),
  out: z.string().min(1).optional(),
});

export type PostmortemArgsResult = { ok: true; args: z.infer<typeof ZPostmortemArgs> } | { ok: false; message: string };

/** Reads `<number> [--out file.md]`. */
export const parsePostmortemArgs = (args: string[]): PostmortemArgsResult => {
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

export type RunPostmortemCommandOptions = {
  /** The arguments after `postmortem`. */
  args: string[];
  /** The environment with `.env` underneath (`readEnvironment`). */
  env: Record<string, string | undefined>;
  /** Where relative paths (DATA_DIR, SITREP_CONFIG, the template, `--out`) start. */
  cwd: string;
  now?: () => Date;
  stdout?: Writable;
  stderr?: Writable;
};

const USAGE_ERRORS = new Set(['BAD_REQUEST', 'CONFIG_INVALID', 'DATABASE_LOCKED', 'POSTMORTEM_TEMPLATE_INVALID']);

/**
 * `sitrep postmortem <number>`: the latest stored postmortem version of an incident as Markdown, on stdout or, with
 * `--out`, in a file. An incident with no version yet gets a draft rendered now, which is not stored. Reads the
 * database with one connection, so it also works while `serve` runs on the embedded database. Returns the exit code:
 * 0 printed, 1 for an unknown incident or any other failure, 2 on a misuse, a configuration or a template to fix.
 */
export const runPostmortemCommand = async ({
  args,
  env,
  cwd,
  now = () => new Date(),
  stdout = process.stdout,
  stderr = process.stderr,
}: RunPostmortemCommandOptions): Promise<number> => {
  const fail = (message: string, code: number): number => {
    stderr.write(`sitrep: ${message}\n`);
    return code;
  };
  if (args.includes('--help') || args.includes('-h')) {
    stdout.write(`${POSTMORTEM_USAGE}\n`);
    return EXIT.done;
  }
  const parsed = parsePostmortemArgs(args);
  if (!parsed.ok) return fail(parsed.message, EXIT.usage);
  const configured = parseConfig({ env, needsSlack: false, cwd });
  if (!configured.ok) return fail(configured.message, EXIT.usage);
  const { config } = configured;
  try {
    const team = await loadTeamConfig({ path: config.teamConfig.path, explicit: config.teamConfig.explicit });
    const database = await openDatabase({ target: config.database, command: 'postmortem', poolSize: 1 });
    try {
      const incidents = createIncidentStore(database.prisma);
      const incident = await incidents.findByNumber(parsed.args.number);
      if (!incident) return fail(`there is no incident ${parsed.args.number}`, EXIT.failed);
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
      if (parsed.args.out === undefined) {
        stdout.write(text);
        return EXIT.done;
      }
      const path = resolve(cwd, parsed.args.out);
      await writeFile(path, text);
      stderr.write(
        `Wrote ${version === null ? 'a fresh draft (no version stored yet)' : `version ${version}`} of the postmortem of incident ${incident.number} to ${path}\n`,
      );
      return EXIT.done;
    } finally {
      await database.close();
    }
  } catch (error) {
    const failure = describeCommandFailure({
      error,
      command: 'postmortem',
      usageErrors: USAGE_ERRORS,
      logLevel: config.logLevel,
    });
    return fail(failure.message, failure.code);
  }
};
