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

  it('keeps any output, not only a page: each output its own cache, rendered once per its time', async () => {
    let renderings = 0;
    const badges = createStatusPageCache({
      build: async () => {
        renderings += 1;
        return new Map([['checkout', `<svg>${renderings}</svg>`]]);
      },
      ttlMs: 5_000,
      clock: () => 0,
    });
    const [first, second] = await Promise.all([badges.read(), badges.read()]);
    expect(first).toBe(second);
    expect(first?.get('checkout')).toBe('<svg>1</svg>');
    expect(renderings).toBe(1);
  });
});
