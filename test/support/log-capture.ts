import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/observability/logger.ts';

/** sitrep's logger writing into memory, at the level given (`trace`: every line), for a test to read. */
export const captureLogs = (level = 'trace') => {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger: Logger = createLogger({ level, destination });
  return {
    logger,
    /** Everything written so far, as written. */
    text: () => text,
    /** Each line written so far, parsed. */
    lines: (): Record<string, unknown>[] =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
};
