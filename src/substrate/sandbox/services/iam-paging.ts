import { AwsServiceError } from '../wire/aws-error.js';

/** IAM's MaxItems: 1..1000, 100 when left out (SimulatePrincipalPolicy, ListRoles, …). */
export function readMaxItems(raw: string | null): number {
  if (raw === null) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    const bound = n < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000';
    throw new AwsServiceError('ValidationError', `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value ${bound}`, 400);
  }
  return n;
}
