// Types of gen-program.mjs for the tests that generate a synthetic program with it.
export declare const BIG: { env: string; account: string; region: string };
export declare function generateProgram(dir: string, roles?: number, params?: number, phases?: number): string;
