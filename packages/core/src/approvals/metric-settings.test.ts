import { describe, expect, it } from 'vitest';
import { FieldError } from '../primitives/field-error';
import { parseMetricSettings } from './metric-settings';

const KINDS = ['owner', 'method', 'sources'] as const;
const ROLE = '7D0C6A4E-0000-4000-8000-000000000001';

describe('parseMetricSettings', () => {
  it('fills the defaults: every kind required, no admin role', () => {
    expect(parseMetricSettings(undefined, KINDS)).toEqual({ required_approvals: KINDS, admin_role_ids: [] });
    expect(parseMetricSettings(null, KINDS)).toEqual({ required_approvals: KINDS, admin_role_ids: [] });
    expect(parseMetricSettings({ required_approvals: [] }, KINDS).required_approvals).toEqual([]);
  });

  it('orders the required kinds as the kinds are ordered and lower-cases role ids', () => {
    expect(
      parseMetricSettings({ required_approvals: ['sources', 'owner'], admin_role_ids: [ROLE] }, KINDS),
    ).toEqual({
      required_approvals: ['owner', 'sources'],
      admin_role_ids: [ROLE.toLowerCase()],
    });
  });

  it.each([
    ['x', 'organizations.settings.metrics'],
    [[], 'organizations.settings.metrics'],
    [{ admins: [] }, 'organizations.settings.metrics.admins'],
    [{ required_approvals: 'owner' }, 'organizations.settings.metrics.required_approvals'],
    [{ required_approvals: ['owner', 'nope'] }, 'organizations.settings.metrics.required_approvals[1]'],
    [{ required_approvals: ['owner', 'owner'] }, 'organizations.settings.metrics.required_approvals[1]'],
    [{ admin_role_ids: ROLE }, 'organizations.settings.metrics.admin_role_ids'],
    [{ admin_role_ids: [ROLE, 'r2'] }, 'organizations.settings.metrics.admin_role_ids[1]'],
  ])('refuses %j, naming %s', (value, field) => {
    let error: unknown;
    try {
      parseMetricSettings(value, KINDS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).field).toBe(field);
    expect((error as FieldError).message.startsWith(`${field}: got `)).toBe(true);
  });
});
