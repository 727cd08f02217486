// Names that become one path segment under the evidence root (a sealed snapshot's file name).
// One rule, used when a runbook is validated and again when a verdict is sealed or read, so a
// name validate accepts is never refused at seal time: no separators, no `..`, not hidden
// (dot names are staging folders and temp files), nothing outside [A-Za-z0-9_.-].

export const SNAPSHOT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.json$/;
export const SNAPSHOT_NAME_RULE = 'a plain file name ending in .json: letters, digits, _ . - and not starting with a dot';

/** Why `name` is not a valid snapshot file name, or undefined when it is. */
export function snapshotNameProblem(name: string): string | undefined {
  return SNAPSHOT_NAME.test(name) ? undefined : `invalid snapshot name "${name}": must be ${SNAPSHOT_NAME_RULE}`;
}
