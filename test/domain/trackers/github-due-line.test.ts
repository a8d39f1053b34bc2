import { describe, expect, it } from 'vitest';
import { readDueLine, writeDueLine } from '../../../src/domain/trackers/github-due-line.ts';

describe('readDueLine', () => {
  it.each([
    ['the line sitrep writes', 'Follow-up of INC-12\n\nDue: 2026-12-01', '2026-12-01'],
    ['the line alone', 'Due: 2026-12-01', '2026-12-01'],
    ["GitHub's editor's line ends", 'Follow-up\r\n\r\nDue: 2026-12-01\r\nMore', '2026-12-01'],
    ['any case and spaces', 'Follow-up\n  due:   2026-12-01  ', '2026-12-01'],
    ['the first of two lines', 'Due: 2026-12-01\nDue: 2027-01-01', '2026-12-01'],
    ['no Due line', 'Follow-up of INC-12', null],
    ['no body', null, null],
    ['a Due line that is not a day', 'Due: soon', null],
    ['a day that does not exist', 'Due: 2026-02-30', null],
    ['a day in another format', 'Due: 01/12/2026', null],
    ['Due inside a line', 'Overdue: 2026-12-01', null],
  ])('reads %s', (_name, body, expected) => {
    expect(readDueLine(body)).toBe(expected);
  });
});

describe('writeDueLine', () => {
  it.each([
    ['adds a line after a blank one', 'Follow-up of INC-12', '2026-12-01', 'Follow-up of INC-12\n\nDue: 2026-12-01'],
    ['adds the line alone to no body', null, '2026-12-01', 'Due: 2026-12-01'],
    ['drops trailing blank lines first', 'Follow-up\n\n\n', '2026-12-01', 'Follow-up\n\nDue: 2026-12-01'],
    ['rewrites the line in place', 'A\n\nDue: 2026-12-01\n\nB', '2027-01-15', 'A\n\nDue: 2027-01-15\n\nB'],
    ['keeps a Windows line end', 'A\r\nDue: 2026-12-01\r\nB', '2027-01-15', 'A\r\nDue: 2027-01-15\r\nB'],
    ['rewrites a line a person broke', 'A\n\nDue: next week', '2027-01-15', 'A\n\nDue: 2027-01-15'],
    ['removes the line for no due date', 'A\n\nDue: 2026-12-01', null, 'A'],
    ['removes the line between others', 'A\n\nDue: 2026-12-01\n\nB', null, 'A\n\nB'],
    ['leaves a body without a line alone', 'A', null, 'A'],
    ['leaves no body empty', null, null, ''],
  ])('%s', (_name, body, dueDate, expected) => {
    expect(writeDueLine({ body, dueDate })).toBe(expected);
  });

  it('writes what it reads back, for any day', () => {
    for (const dueDate of ['2026-01-01', '2026-12-31', '2028-02-29']) {
      expect(readDueLine(writeDueLine({ body: 'Follow-up\n\nDue: 2020-01-01', dueDate }))).toBe(dueDate);
    }
  });
});
