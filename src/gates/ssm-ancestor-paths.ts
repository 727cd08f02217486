// AWS documents that a principal allowed ssm:GetParametersByPath on a parent path reads every
// parameter below it. The IAM resource of that call is the path's ARN (…:parameter/a/b), so the
// simulation asks for each ancestor path of each pinned parameter up to its top-level path
// (…:parameter/a). The root `/` has no IAM resource ARN of its own: `parameter/*` grants cover it
// and are caught at the top-level path.

const PARAMETER_ARN = /^(arn:aws[a-z-]*:ssm:[^:]*:[^:]*:parameter)(\/.*)$/;

/** Every ancestor path ARN of the given SSM parameter ARNs, deepest first, each once. */
export function ancestorPathArns(parameterArns: readonly string[]): string[] {
  const out = new Set<string>();
  for (const arn of parameterArns) {
    const m = PARAMETER_ARN.exec(arn);
    if (!m) throw new Error(`not an SSM parameter ARN: ${arn}`);
    const segments = m[2]!.split('/').filter(Boolean);
    for (let n = segments.length - 1; n >= 1; n--) out.add(`${m[1]}/${segments.slice(0, n).join('/')}`);
  }
  return [...out];
}
