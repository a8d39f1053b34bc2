import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../../src/web/auth/safe-next-path.ts';

describe('safeNextPath', () => {
  it.each([
    ['/incidents', '/incidents'],
    ['/incidents/42?tab=timeline', '/incidents/42?tab=timeline'],
    ['/incidents#top', '/incidents'],
    ['/a/../b', '/b'],
    ['/search?q=%2F%2Fevil', '/search?q=%2F%2Fevil'],
  ])('keeps a path on sitrep itself: %j -> %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['incidents'],
    ['//evil.example'],
    ['//evil.example/path'],
    ['/.//evil.example/x'],
    ['/a/..//evil.example'],
    ['/%2e//evil.example'],
    ['/\\evil.example'],
    ['/\\/evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['/\tevil'],
    ['/\n/evil.example'],
    ['/auth/sign-in?next=/x'],
    ['/auth/slack/callback?code=1'],
    [`/${'a'.repeat(2000)}`],
  ])('sends %j to / instead: another site, not a path, a sign-in page or too long', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });
});
