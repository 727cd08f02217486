// Types of chunk-groups.mjs for test/architecture/chunk-groups.test.ts.
export interface StageImport {
  path: string;
  kind: string;
  external?: boolean;
}
export interface StageMeta {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: StageImport[] }>;
}
export declare function chunkGroups(meta: StageMeta): Map<string, string | undefined>;
