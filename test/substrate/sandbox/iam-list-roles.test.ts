import { ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySandboxChange, sandboxWorkspacePaths } from '../../../src/substrate/sandbox/index.js';
import { APP_ROLE, ENV, iamClient, rejection, startHarness, type Harness } from './helpers.js';

// iam:ListRoles through the real SDK v3 client, as IAM answers it: PathPrefix, MaxItems pages
// with IsTruncated/Marker, a Marker tied to its request, and no Tags/RoleLastUsed in listed roles.
describe('sandbox iam:ListRoles', () => {
  let h: Harness;
  const iam = () => iamClient(h.server);
  const names = (roles: Role[] | undefined) => (roles ?? []).map((r) => r.RoleName);
  beforeAll(async () => {
    h = await startHarness();
    // Three more roles: two under /lanes/ (one of them under /lanes/ig/), one with tags.
    const role = (name: string, p: string) =>
      `  - { op: put_role, name: ${name}, path: ${p}, assume_role_policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: "sts:AssumeRole" }] }, tags: { lane: x } }`;
    const file = path.join(sandboxWorkspacePaths(h.root, ENV).changesDir, 'listed-roles.yaml');
    await writeFile(file, ['description: roles on paths', 'steps:', role('b-lane', '/lanes/'), role('A-ig', '/lanes/ig/'), role('c-top', '/')].join('\n') + '\n');
    await applySandboxChange(h.root, ENV, 'listed-roles');
  });
  afterAll(() => h.close());

  it('lists every role (PathPrefix defaults to /) in name order regardless of case, without Tags or RoleLastUsed', async () => {
    const out = await iam().send(new ListRolesCommand({}));
    expect(out.IsTruncated).toBe(false);
    expect(out.Marker).toBeUndefined();
    expect(names(out.Roles)).toEqual(['A-ig', 'b-lane', 'c-top', 'fraud-platform-dev-min-app-runtime', 'fraud-platform-dev-min-ecs-task-execution']);
    const app = out.Roles!.find((r) => r.Arn === APP_ROLE)!;
    expect(app).toMatchObject({ Path: '/', RoleName: 'fraud-platform-dev-min-app-runtime', CreateDate: new Date('2026-02-13T09:12:51Z') });
    expect(app.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(JSON.parse(decodeURIComponent(app.AssumeRolePolicyDocument!)).Statement[0].Principal.Service).toBe('ecs-tasks.amazonaws.com');
    expect(out.Roles!.find((r) => r.RoleName === 'A-ig')).toMatchObject({ Arn: 'arn:aws:iam::111122223333:role/lanes/ig/A-ig', Path: '/lanes/ig/' });
    for (const r of out.Roles!) {
      expect(r.Tags).toBeUndefined();
      expect(r.RoleLastUsed).toBeUndefined();
    }
  });

  it('keeps to PathPrefix: /lanes/ holds both lane roles, /lanes/ig/ one, /nowhere/ none', async () => {
    expect(names((await iam().send(new ListRolesCommand({ PathPrefix: '/lanes/' }))).Roles)).toEqual(['A-ig', 'b-lane']);
    expect(names((await iam().send(new ListRolesCommand({ PathPrefix: '/lanes/ig/' }))).Roles)).toEqual(['A-ig']);
    const none = await iam().send(new ListRolesCommand({ PathPrefix: '/nowhere/' }));
    expect(none.Roles).toEqual([]);
    expect(none.IsTruncated).toBe(false);
  });

  it('pages MaxItems at a time, following Marker to the end without repeating or skipping a role', async () => {
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new ListRolesCommand({ MaxItems: 2, Marker: marker }));
      pages++;
      expect(out.Roles!.length).toBeLessThanOrEqual(2);
      seen.push(...names(out.Roles).map(String));
      expect(Boolean(out.Marker)).toBe(out.IsTruncated);
      marker = out.Marker;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual(['A-ig', 'b-lane', 'c-top', 'fraud-platform-dev-min-app-runtime', 'fraud-platform-dev-min-ecs-task-execution']);
  });

  it('refuses a Marker from another request, MaxItems outside 1..1000 and a PathPrefix without its leading slash', async () => {
    const first = await iam().send(new ListRolesCommand({ MaxItems: 1 }));
    const replayed = await rejection(iam().send(new ListRolesCommand({ MaxItems: 1, PathPrefix: '/lanes/', Marker: first.Marker })));
    expect(replayed.name).toBe('InvalidInputException');
    expect((await rejection(iam().send(new ListRolesCommand({ Marker: 'not-a-marker' })))).name).toBe('InvalidInputException');
    for (const MaxItems of [0, 1001]) expect((await rejection(iam().send(new ListRolesCommand({ MaxItems })))).name).toBe('ValidationError');
    const prefix = await rejection(iam().send(new ListRolesCommand({ PathPrefix: 'lanes/' })));
    expect(prefix.name).toBe('ValidationError');
    expect(prefix.message).toMatch(/at 'pathPrefix' failed to satisfy constraint/);
  });
});
