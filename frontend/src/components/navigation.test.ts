import { describe, expect, it } from 'vitest';
import { navigationFor } from '../routes/manifest';

describe('role-aware navigation', () => {
  it('gives staff Programmes and Exercises, and clients Today and Progress', () => {
    for (const role of ['admin', 'trainer'] as const) {
      const labels = navigationFor(role).map((i) => i.label);
      expect(labels).toEqual(expect.arrayContaining(['Programmes', 'Exercises']));
      expect(labels).not.toContain('Today');
    }
    const client = navigationFor('client').map((i) => i.to);
    expect(client.slice(0, 2)).toEqual(['/today', '/progress']);
    expect(client).not.toContain('/programmes');
  });

  it('lists each role its pages in one order, with the role\'s own labels', () => {
    expect(navigationFor('admin').map((i) => i.label)).toEqual([
      'Calendar', 'Clients', 'Programmes', 'Exercises', 'Trainers', 'Availability', 'Setup', 'Invitations', 'Users',
      'Audit log', 'System', 'Account',
    ]);
    expect(navigationFor('trainer').map((i) => i.label)).toEqual([
      'Calendar', 'My clients', 'Programmes', 'Exercises', 'Trainers', 'Availability', 'Invitations', 'Account',
    ]);
    expect(navigationFor('client').map((i) => i.label)).toEqual(['Today', 'Progress', 'Book', 'My sessions', 'My profile', 'Account']);
  });

  it('shows the System page to admins only', () => {
    expect(navigationFor('admin').map((i) => i.to)).toContain('/system');
    expect(navigationFor('trainer').map((i) => i.to)).not.toContain('/system');
    expect(navigationFor('client').map((i) => i.to)).not.toContain('/system');
  });
});
