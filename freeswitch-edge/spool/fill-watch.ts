/**
 * Says loudly when the spool fills up: one `warn` line when its unsent bytes pass the warning
 * mark (long before the cap, so an operator has hours to bring the cloud back), one `error`
 * line when the cap first refuses a CDR, and one line each when the episode ends. Once per
 * crossing, never per record: an outage of hours writes a handful of lines, not millions.
 */
import type { SpoolLimits } from './limits';

export type SpoolLog = (event: string, fields: Record<string, unknown>) => void;

export class SpoolFillWatch {
  private aboveWarning = false;
  private refusing = false;

  constructor(
    private readonly limits: SpoolLimits,
    private readonly log: SpoolLog,
  ) {}

  /** Called after every change of the unsent bytes (appends, acknowledgements, start-up). */
  observe(unsentBytes: number): void {
    const above = unsentBytes >= this.limits.warnBytes;
    if (above === this.aboveWarning) return;
    this.aboveWarning = above;
    const { warnBytes, capBytes } = this.limits;
    if (above) {
      this.log('spool_warning', {
        level: 'warn',
        unsentBytes,
        warnBytes,
        capBytes,
        message: `CDR spool holds ${unsentBytes} unsent bytes, past the warning mark of ${warnBytes}; at ${capBytes} (the cap) new CDRs are refused with 503`,
      });
    } else {
      this.log('spool_warning_cleared', { level: 'info', unsentBytes, warnBytes, capBytes });
    }
  }

  /** An append was refused for space. */
  refused(unsentBytes: number, payloadBytes: number): void {
    if (this.refusing) return;
    this.refusing = true;
    const { capBytes } = this.limits;
    this.log('spool_full', {
      level: 'error',
      unsentBytes,
      payloadBytes,
      capBytes,
      message: `CDR spool is full (${unsentBytes} unsent bytes, cap ${capBytes}): CDR posts get 503 and FreeSWITCH keeps them in its err-log-dir`,
    });
  }

  /** The sender freed space: the next refusal is a new episode. */
  freed(unsentBytes: number): void {
    if (this.refusing) this.log('spool_full_cleared', { level: 'info', unsentBytes, capBytes: this.limits.capBytes });
    this.refusing = false;
  }
}
