import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { AppError } from '../domain/app-error.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { parseTeamConfig } from '../domain/team-config/team-config.ts';

export type LoadTeamConfigOptions = {
  /** The file as the operator wrote it; messages name it this way. */
  path: string;
  /** Whether the operator chose the path. A missing default file means "use the defaults"; a missing chosen one is a mistake. */
  explicit: boolean;
};

const isMissingFile = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');

const readConfigText = async ({ path, explicit }: LoadTeamConfigOptions): Promise<string | undefined> => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissingFile(error) && !explicit) return undefined;
    const problem = isMissingFile(error) ? 'file not found' : 'cannot read the file';
    throw new AppError('CONFIG_INVALID', {
      userMessage: `${path}: ${problem}. Check the configured path, or start from sitrep.example.yml.`,
      cause: error,
    });
  }
};

const parseYaml = ({ path, text }: { path: string; text: string }): unknown => {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return `${path}:${line}:${col}: YAML syntax error: ${error.message}`;
    });
    throw new AppError('CONFIG_INVALID', { userMessage: lines.join('\n'), cause: document.errors[0] });
  }
  // A file that is empty or only comments holds null: it sets nothing, like `{}`.
  const value: unknown = document.toJS();
  return value ?? {};
};

/**
 * Reads and validates the team configuration (`sitrep.yml`), filling in defaults.
 * Throws `AppError('CONFIG_INVALID')` whose `userMessage` has one line per problem, each starting with the path
 * (and `line:column` for YAML syntax errors), so the operator can fix them all in one pass.
 */
export const loadTeamConfig = async ({ path, explicit }: LoadTeamConfigOptions): Promise<TTeamConfig> => {
  const text = await readConfigText({ path, explicit });
  const document = text === undefined ? {} : parseYaml({ path, text });
  const parsed = parseTeamConfig(document);
  if (!parsed.ok) {
    throw new AppError('CONFIG_INVALID', { userMessage: parsed.errors.map((line) => `${path}: ${line}`).join('\n') });
  }
  return parsed.config;
};
