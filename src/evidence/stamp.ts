// Evidence folders are named by the UTC second the verdict was sealed. When two seals land in the
// same second the later one gets a `-2`, `-3` … suffix instead of overwriting (law 5).

/** `YYYYMMDDTHHMMSSZ` in UTC, e.g. 20260213T214223Z. */
export function formatStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** A sealed folder name: a stamp with an optional collision suffix. */
export const STAMP_DIR = /^(\d{8}T\d{6}Z)(?:-(\d+))?$/;

/** Order key for folder names: by stamp, then by suffix numerically (so `-10` sorts after `-9`). */
export function compareStampDirs(a: string, b: string): number {
  const ma = STAMP_DIR.exec(a);
  const mb = STAMP_DIR.exec(b);
  if (!ma || !mb) return a < b ? -1 : a > b ? 1 : 0;
  if (ma[1] !== mb[1]) return ma[1]! < mb[1]! ? -1 : 1;
  return Number(ma[2] ?? 1) - Number(mb[2] ?? 1);
}

/** The n-th candidate name for a stamp: the stamp itself, then `<stamp>-2`, `<stamp>-3` … */
export function stampCandidate(stamp: string, attempt: number): string {
  return attempt <= 1 ? stamp : `${stamp}-${attempt}`;
}
