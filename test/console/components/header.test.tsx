import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Header } from '../../../src/console/components/Header.js';
import { clipLeft, fitOperatorArn } from '../../../src/console/theme/text.js';

afterEach(() => cleanup());

const ARN = 'arn:aws:sts::111122223333:assumed-role/fraud-platform-dev-min-operator/gatewalk-sandbox-session-1234567890';
const info = { env: 'dev_min', substrate: 'sandbox' as const, region: 'eu-west-2', program: 'p' };

describe('the operator in the header', () => {
  it('keeps role/<name> whole and shortens the session name from the left', () => {
    const fitted = fitOperatorArn(ARN, 60);
    expect([...fitted].length).toBeLessThanOrEqual(60);
    expect(fitted).toContain('assumed-role/fraud-platform-dev-min-operator/');
    expect(fitted).toMatch(/…[^/]*1234567890$/);
  });
  it('drops the arn prefix before it touches the role; fits short ARNs as they are', () => {
    const fitted = fitOperatorArn(ARN, 50);
    expect(fitted.startsWith('assumed-role/fraud-platform-dev-min-operator/')).toBe(true);
    expect([...fitted].length).toBeLessThanOrEqual(50);
    expect(fitOperatorArn('arn:aws:iam::1:user/me', 40)).toBe('arn:aws:iam::1:user/me');
    expect(clipLeft('abcdef', 4)).toBe('…def');
  });
  it('at 80 columns the header line shows the operator role and the account', () => {
    const app = render(<Header info={info} columns={80} operator={{ arn: ARN, account: '111122223333', user_id: 'AROA:x' }} />);
    const line = app
      .lastFrame()!
      .split('\n')
      .find((l) => l.startsWith('operator '))!;
    expect(line).toContain('role/fraud-platform-dev-min-operator/');
    expect(line).toContain('account 111122223333');
    expect([...line].length).toBeLessThanOrEqual(80);
  });
});
