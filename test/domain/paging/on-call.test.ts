import { describe, expect, it } from 'vitest';
import { firstLevel, type OnCallEntry, orderByLevel } from '../../../src/domain/paging/on-call.ts';
import { describeOnCall } from '../../../src/domain/slack-lines/on-call-lines.ts';

const entry = (level: number, name: string): OnCallEntry => ({ level, name, email: null, schedule: null, until: null });

describe('on-call levels', () => {
  it('lists everyone level by level, keeping PagerDuty’s order within a level, and the first level alone', () => {
    const listed = [entry(2, 'zed'), entry(1, 'alice'), entry(1, 'bob'), entry(3, 'cy')];
    expect(orderByLevel(listed)).toEqual([entry(1, 'alice'), entry(1, 'bob'), entry(2, 'zed'), entry(3, 'cy')]);
    expect(firstLevel(listed)).toEqual([entry(1, 'alice'), entry(1, 'bob')]);
    expect(firstLevel([])).toEqual([]);
  });
});

describe('describeOnCall', () => {
  it('escapes the names and schedules PagerDuty gives, and says when nobody is on call', () => {
    const text = describeOnCall({
      service: 'search',
      levels: [{ ...entry(1, '<!channel> Eve'), schedule: 'Night <shift>', slackUserId: null }],
      zone: 'UTC',
    });
    expect(text).toBe(
      ':telephone_receiver: On call for *search* now (PagerDuty):\n• Level 1: &lt;!channel&gt; Eve (not found in Slack by email) (Night &lt;shift&gt;)',
    );
    expect(describeOnCall({ service: 'search', levels: [], zone: 'UTC' })).toBe(
      'PagerDuty has nobody on call for *search* now.',
    );
  });
});
