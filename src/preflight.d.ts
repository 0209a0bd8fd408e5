// Types for src/preflight.js, which stays plain JavaScript so that an old Node can run it.
export declare const REQUIRED_NODE_MAJOR: number;
export declare function nodeVersionProblem(version: string): string | null;
export declare function opusLoadProblem(error: unknown): string;
export declare function opusProblem(): string | null;
export declare function parsePreflightArgs(args: readonly string[]): { opus: boolean; entry: string | undefined; consumed: number };
