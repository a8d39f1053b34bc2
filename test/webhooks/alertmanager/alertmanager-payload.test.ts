import { describe, expect, it } from 'vitest';
import type { ParsedAlert } from '../../../src/domain/deploys/deploy.ts';
import { parseAlertmanagerAlerts } from '../../../src/webhooks/alertmanager/alertmanager-payload.ts';
import {
  expectAnyJsonAnswered,
  expectAnyReplacementAnswered,
  issuesOf,
  payloadFixture,
  payloadOf,
  withValue,
} from '../payload-helpers.ts';

const ALERTMANAGER = payloadFixture('alertmanager-notification.json');

const alertmanager = (payload: unknown, serviceLabel = 'service') => parseAlertmanagerAlerts({ payload, serviceLabel });

describe('parseAlertmanagerAlerts', () => {
  it("reads every alert of Alertmanager's notification", () => {
    expect(payloadOf(alertmanager(ALERTMANAGER))).toEqual([
      {
        fingerprint: 'c4a1e2b7f0d39a55',
        status: 'firing',
        service: 'checkout-api',
        alertName: 'CheckoutHighErrorRate',
        summary: '5xx above 5% on checkout-api for 5 minutes',
        labels: {
          alertname: 'CheckoutHighErrorRate',
          service: 'checkout-api',
          severity: 'page',
          namespace: 'checkout',
        },
        startsAt: new Date('2026-11-20T12:59:30.518Z'),
        endsAt: null,
      },
      {
        fingerprint: '7d2f09aa13e84c6b',
        status: 'resolved',
        service: 'checkout-api',
        alertName: 'CheckoutLatencyHigh',
        summary: 'p99 latency above 2 s',
        labels: { alertname: 'CheckoutLatencyHigh', service: 'checkout-api', severity: 'ticket' },
        startsAt: new Date('2026-11-20T11:40:00.000Z'),
        endsAt: new Date('2026-11-20T11:55:00.123Z'),
      },
      {
        fingerprint: '0f9e31b2c7aa4d18',
        status: 'firing',
        service: null,
        alertName: 'NodeDiskFilling',
        summary: null,
        labels: { alertname: 'NodeDiskFilling', instance: 'node-7:9100' },
        startsAt: new Date('2026-11-20T12:50:00.000Z'),
        endsAt: null,
      },
    ]);
  });

  const firstAlert = (payload: unknown, serviceLabel?: string): ParsedAlert => {
    const [alert] = payloadOf(alertmanager(payload, serviceLabel));
    if (alert === undefined) throw new Error('expected an alert');
    return alert;
  };

  it('names the service by the label the team chose', () => {
    const payload = withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'app'], 'search');
    expect(firstAlert(payload, 'app').service).toBe('search');
    expect(firstAlert(payload, 'team').service).toBeNull();
    // A label named like an Object property is still only a label.
    expect(firstAlert(payload, 'constructor').service).toBeNull();
  });

  it.each([
    ['the zero time on a firing alert', 'firing', '0001-01-01T00:00:00Z', null],
    ["Prometheus's resend horizon on a firing alert", 'firing', '2026-11-20T13:04:30Z', null],
    ['the zero time on a resolved alert', 'resolved', '0001-01-01T00:00:00Z', null],
    ['no endsAt at all', 'resolved', undefined, null],
    ['the end of a resolved alert', 'resolved', '2026-11-20T13:10:00Z', '2026-11-20T13:10:00.000Z'],
  ])('reads %s (%s, endsAt %j) as ended at %j', (_name, status, endsAt, ended) => {
    const payload = withValue(
      withValue(ALERTMANAGER, ['alerts', 0, 'status'], status),
      ['alerts', 0, 'endsAt'],
      endsAt,
    );
    expect(firstAlert(payload).endsAt?.toISOString() ?? null).toBe(ended);
  });

  it('names an alert without an alertname by its fingerprint, and finds no summary in blank annotations', () => {
    const payload = withValue(
      withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'alertname'], undefined),
      ['alerts', 0, 'annotations'],
      { summary: '', description: ' ' },
    );
    expect(firstAlert(payload)).toMatchObject({ alertName: 'c4a1e2b7f0d39a55', summary: null });
  });

  it('reads a notification without alerts as none', () => {
    expect(payloadOf(alertmanager(withValue(ALERTMANAGER, ['alerts'], [])))).toEqual([]);
  });

  it.each([
    ['version 3', withValue(ALERTMANAGER, ['version'], '3'), 'version: '],
    ['alerts that are not a list', withValue(ALERTMANAGER, ['alerts'], {}), 'alerts: '],
    ['an alert status of pending', withValue(ALERTMANAGER, ['alerts', 1, 'status'], 'pending'), 'alerts.1.status: '],
    [
      'a number as a label',
      withValue(ALERTMANAGER, ['alerts', 0, 'labels', 'severity'], 2),
      'alerts.0.labels.severity: ',
    ],
    ['no fingerprint', withValue(ALERTMANAGER, ['alerts', 2, 'fingerprint'], undefined), 'alerts.2.fingerprint: '],
    [
      'a start without an offset',
      withValue(ALERTMANAGER, ['alerts', 0, 'startsAt'], '2026-11-20 12:59'),
      'alerts.0.startsAt: ',
    ],
    [
      'a start in year 10000 once at UTC',
      withValue(ALERTMANAGER, ['alerts', 0, 'startsAt'], '9999-12-31T23:59:59-23:59'),
      'alerts.0.startsAt: expected a time between the years 1 and 9999 (UTC)',
    ],
  ])('refuses a notification with %s, saying where', (_name, payload, where) => {
    expect(issuesOf(alertmanager(payload))).toEqual([expect.stringContaining(where)]);
  });
});

describe('parseAlertmanagerAlerts on any input', () => {
  it('answers any JSON value with a result, never an exception', () => {
    expectAnyJsonAnswered((payload) => alertmanager(payload));
  });

  it('answers a real notification with any one value replaced, never an exception', () => {
    expectAnyReplacementAnswered({ payload: ALERTMANAGER, parse: (payload: unknown) => alertmanager(payload) });
  });
});
