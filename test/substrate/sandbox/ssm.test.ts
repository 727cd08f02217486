import { DescribeParametersCommand, GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, type ParameterMetadata } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, ssmArn, ssmClient, startHarness, type Harness } from './helpers.js';

// SSM through the real SDK v3 client: JSON 1.1, metadata only, secret reads refused.
describe('sandbox SSM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('describes a parameter by exact name, metadata only', async () => {
    const out = await ssmClient(h.server).send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/fraud-platform/dev_min/db/password'] }] }),
    );
    expect(out.Parameters).toHaveLength(1);
    const p = out.Parameters![0]!;
    expect(p).toMatchObject({
      Name: '/fraud-platform/dev_min/db/password',
      ARN: ssmArn('/fraud-platform/dev_min/db/password'),
      Type: 'SecureString',
      KeyId: 'alias/aws/ssm',
      Version: 1,
      Tier: 'Standard',
      DataType: 'text',
      Policies: [],
      LastModifiedUser: 'arn:aws:sts::111122223333:assumed-role/fraud-platform-dev-min-operator/terraform',
    });
    expect(p.LastModifiedDate).toEqual(new Date('2026-02-13T14:02:10Z'));
    expect(Object.keys(p)).not.toContain('Value');
    expect(out.NextToken).toBeUndefined();
  });

  it('filters with BeginsWith, Path OneLevel, Type and the deprecated Filters', async () => {
    const ssm = ssmClient(h.server);
    const names = (ps?: ParameterMetadata[]) => (ps ?? []).map((p) => p.Name);
    const db = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/fraud-platform/dev_min/db/'] }] }));
    expect(names(db.Parameters)).toEqual(['/fraud-platform/dev_min/db/dsn', '/fraud-platform/dev_min/db/password', '/fraud-platform/dev_min/db/user']);
    const oneLevel = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/fraud-platform/dev_min/confluent'] }, { Key: 'Type', Values: ['SecureString'] }] }),
    );
    expect(names(oneLevel.Parameters)).toHaveLength(3);
    const nothingAtTop = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/fraud-platform'] }] }));
    expect(nothingAtTop.Parameters).toEqual([]);
    const legacy = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['/fraud-platform/dev_min/ig/'] }] }));
    expect(names(legacy.Parameters)).toEqual(['/fraud-platform/dev_min/ig/api_key']);
  });

  it('paginates with MaxResults=2 and NextToken over all seven parameters', async () => {
    const ssm = ssmClient(h.server);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ssm.send(new DescribeParametersCommand({ MaxResults: 2, NextToken: token, ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/fraud-platform/'] }] }));
      pages += 1;
      seen.push(...(page.Parameters ?? []).map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('rejects MaxResults above 50, unknown filter keys and foreign tokens the way SSM does', async () => {
    const ssm = ssmClient(h.server);
    expect((await rejection(ssm.send(new DescribeParametersCommand({ MaxResults: 51 })))).name).toBe('ValidationException');
    expect((await rejection(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Colour', Values: ['x'] }] })))).name).toBe('InvalidFilterKey');
    expect((await rejection(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Recursive', Values: ['/x'] }] })))).name).toBe('InvalidFilterOption');
    expect((await rejection(ssm.send(new DescribeParametersCommand({ NextToken: 'bm90LWEtdG9rZW4' })))).name).toBe('InvalidNextToken');
  });

  it('never serves a value: GetParameter, GetParameters and GetParametersByPath are refused', async () => {
    const ssm = ssmClient(h.server);
    for (const command of [
      new GetParameterCommand({ Name: '/fraud-platform/dev_min/db/password', WithDecryption: true }),
      new GetParametersCommand({ Names: ['/fraud-platform/dev_min/db/password'] }),
      new GetParametersByPathCommand({ Path: '/fraud-platform/dev_min', Recursive: true }),
    ]) {
      const err = await rejection(ssm.send(command as GetParameterCommand));
      expect(err.name).toBe('AccessDeniedException');
      expect(err.message).toMatch(/gatewalk sandbox never serves secret values/);
    }
    expect(h.server.calls()).toMatchObject({ 'ssm:GetParameter': 1, 'ssm:GetParameters': 1, 'ssm:GetParametersByPath': 1 });
  });
});
