import { describe, expect, it } from 'vitest';
import { backupIntervalMs } from '../../../src/domain/team-config/backup-section.ts';
import { parseTeamConfig } from '../../../src/domain/team-config/team-config.ts';

describe('backup.every', () => {
  it.each([
    ['5m', 300_000],
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['1d', 86_400_000],
    ['4m', undefined],
    ['0h', undefined],
    ['6 h', undefined],
    ['1w', undefined],
    ['06h', undefined],
    ['', undefined],
  ])('reads %j as %j ms (five minutes at the least)', (every, ms) => {
    expect(backupIntervalMs(every)).toBe(ms);
  });

  it('is off unless set, keeps seven by default, and names what is wrong in one line', () => {
    const defaults = parseTeamConfig({});
    expect(defaults.ok && defaults.config.backup).toEqual({ keep: 7 });
    expect(parseTeamConfig({ backup: { every: '1m', keep: 0, folder: 'x' } })).toEqual({
      ok: false,
      errors: [
        'backup.every: expected an interval such as 6h, 30m or 1d (5m at the least); got "1m"',
        'backup.keep: expected a whole number of backups from 1 to 1000, such as 7; got 0',
        'backup.folder: unknown key; expected one of every, keep, path',
      ],
    });
  });
});
