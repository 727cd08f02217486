import { describe, expect, it } from 'vitest';
import { maskSecrets, maskText } from '../../src/core/mask-secrets.js';

describe('maskSecrets', () => {
  it('masks values under secret-named keys, at any depth, but keeps SSM paths, ARNs, flags and counts', () => {
    expect(
      maskSecrets({
        db: { Password: 'hunter2', password_path: '/fraud-platform/dev_min/db/password' },
        credentials: { AccessKeyId: 'x', SecretAccessKey: 'y', Expiration: 'z' },
        CONFLUENT_API_SECRET: 'arn:aws:ssm:eu-west-2:111122223333:parameter/fraud-platform/dev_min/confluent/api_secret',
        list: [{ token: 'abc' }],
        has_token: true,
        tokens: 4,
        overall_pass: true,
        empty_secret: '',
      }),
    ).toEqual({
      db: { Password: '***', password_path: '/fraud-platform/dev_min/db/password' },
      credentials: { AccessKeyId: '***', SecretAccessKey: '***', Expiration: '***' },
      CONFLUENT_API_SECRET: 'arn:aws:ssm:eu-west-2:111122223333:parameter/fraud-platform/dev_min/confluent/api_secret',
      list: [{ token: '***' }],
      has_token: true,
      tokens: 4,
      overall_pass: true,
      empty_secret: '',
    });
  });

  it('masks access key ids and secret access keys inside free text', () => {
    expect(maskText('key ASIAY34FZKBOKMUTVV7A expired')).toBe('key *** expired');
    expect(maskText('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe('***');
    expect(maskText('DB password: hunter2, user: app')).toBe('DB password: ***, user: app');
  });

  it('leaves look-alikes that are not secrets: git SHAs, digests, role names, paths', () => {
    for (const s of [
      '799d398a7daf34857cf363c9a1a629c40ec25d5e',
      'sha256:d71cbe335ec0ced59a40721f0e1f6016b276ec17f34e52708d3fd02c04d79f56',
      'arn:aws:iam::111122223333:role/fraud-platform-dev-min-app-runtime',
      '/fraud-platform/dev_min/confluent/api_secret',
      'AROAY34FZKBOKMUTVV7A:session',
      'SSM_DB_PASSWORD_PATH',
    ]) {
      expect(maskText(s)).toBe(s);
    }
  });

  it('does not modify its input', () => {
    const input = { password: 'hunter2' };
    maskSecrets(input);
    expect(input.password).toBe('hunter2');
  });
});
