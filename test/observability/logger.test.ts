import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, withTrace } from '../../src/observability/logger.ts';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
};

describe('createLogger', () => {
  it('redacts secrets by key, however deep', () => {
    const { lines, logger } = capture();
    logger.info(
      { token: 'xoxb-1', slack: { signingSecret: 's3cr3t' }, req: { headers: { authorization: 'Bearer abc' } } },
      'hello',
    );
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/xoxb-1|s3cr3t|Bearer abc/);
    expect(lines[0]).toMatchObject({ token: '[redacted]', slack: { signingSecret: '[redacted]' } });
  });

  it('scrubs Slack tokens from free text by their shape', () => {
    const { lines, logger } = capture();
    logger.warn('calling with xoxb-123-456-abcdef failed');
    expect(lines[0]?.msg).toBe('calling with [redacted] failed');
  });

  it('adds the trace id of the request being handled to every line', () => {
    const { lines, logger } = capture();
    withTrace('abc123', () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', traceId: 'abc123' });
    expect(lines[1]).not.toHaveProperty('traceId');
  });
});
