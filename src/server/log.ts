/**
 * Log lines in Redis's format: `pid:R dd Mon yyyy hh:mm:ss.mmm <level> message`, where R is the role
 * (M master, S replica, X sentinel, C child) and level is one of . - * # (debug verbose notice warning).
 */
import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing';
const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
const LEVEL_CHAR: Record<LogLevel, string> = { debug: '.', verbose: '-', notice: '*', warning: '#', nothing: '' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type RoleChar = 'M' | 'S' | 'X' | 'C';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function formatLogTime(d: Date): string {
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export class Logger {
  level: LogLevel = 'notice';
  /** '' = stdout. */
  file = '';
  role: RoleChar = 'M';
  /** Extra sink (tests, `redoubt up` labels). */
  sink: ((line: string) => void) | null = null;

  enabled(level: LogLevel): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[this.level] && this.level !== 'nothing';
  }

  log(level: LogLevel, msg: string): void {
    if (!this.enabled(level)) return;
    this.raw(`${process.pid}:${this.role} ${formatLogTime(new Date())} ${LEVEL_CHAR[level]} ${msg}`);
  }

  /** A line without the prefix (the startup banner). */
  raw(line: string): void {
    if (this.sink) this.sink(line);
    if (this.file === '') {
      process.stdout.write(line + '\n');
    } else {
      try {
        appendFileSync(this.file, line + '\n');
      } catch {
        // Redis ignores log write failures.
      }
    }
  }

  debug(msg: string): void { this.log('debug', msg); }
  verbose(msg: string): void { this.log('verbose', msg); }
  notice(msg: string): void { this.log('notice', msg); }
  warning(msg: string): void { this.log('warning', msg); }
}
