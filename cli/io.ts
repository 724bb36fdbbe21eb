/** What a CLI command may touch: its output streams, and whether stderr is a terminal. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
}

/** A command gets its own arguments (after its name) and returns the exit code. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/** Exit codes shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}
