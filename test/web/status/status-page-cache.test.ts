import { describe, expect, it } from 'vitest';
import { createStatusPageCache } from '../../../src/web/status/status-page-cache.ts';

const setup = () => {
  let time = 0;
  let renderings = 0;
  let fail = false;
  const cache = createStatusPageCache({
    build: async () => {
      renderings += 1;
      if (fail) throw new Error('the database is away');
      return `page ${renderings}`;
    },
    ttlMs: 5_000,
    clock: () => time,
  });
  return {
    cache,
    renderings: () => renderings,
    advance: (ms: number) => {
      time += ms;
    },
    failNext: (value: boolean) => {
      fail = value;
    },
  };
};

describe('the status page served from memory', () => {
  it('renders once for many visitors at once, and again only after its time is up', async () => {
    const { cache, renderings, advance } = setup();
    const pages = await Promise.all(Array.from({ length: 100 }, () => cache.read()));
    expect(new Set(pages)).toEqual(new Set(['page 1']));
    advance(4_999);
    expect(await cache.read()).toBe('page 1');
    advance(1);
    expect(await cache.read()).toBe('page 2');
    expect(renderings()).toBe(2);
  });

  it('keeps no failed rendering: the next visitor tries again', async () => {
    const { cache, failNext } = setup();
    failNext(true);
    await expect(cache.read()).rejects.toThrow('the database is away');
    failNext(false);
    expect(await cache.read()).toBe('page 2');
  });
});
