/**
 * Structured logging by allow-list: callers pass the fields they mean to log, never whole requests,
 * headers or bodies, so secrets cannot slip in by accident.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Changes the threshold from now on (Settings' log level); loggers that cannot, leave it out. */
  setLevel?(level: LogLevel): void;
  /** Whether a line at `level` would be written: a caller building fields on a hot path asks first. */
  enabled?(level: LogLevel): boolean;
}

export const logLevels = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** `text` for people (`2026-03-01T… INFO  message key="value"`), `json` for machines: one object per line. */
export type LogFormat = 'text' | 'json';

/** The format SWITCHBOARD_LOG_FORMAT asks for (`json`), `text` otherwise. */
export function logFormatOf(env: Record<string, string | undefined>): LogFormat {
  return env.SWITCHBOARD_LOG_FORMAT === 'json' ? 'json' : 'text';
}

export function createLogger(options: { level?: LogLevel; format?: LogFormat; write?: (line: string) => void } = {}): Logger {
  let threshold = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const json = options.format === 'json';
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (order[level] < threshold) return;
    // Fields come after the fixed keys, so a field can never pass itself off as the time or level.
    if (json) return write(JSON.stringify({ ...fields, time: new Date().toISOString(), level, msg: message }));
    const parts = [new Date().toISOString(), level.toUpperCase().padEnd(5), message];
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value !== undefined) parts.push(`${key}=${JSON.stringify(value)}`);
    }
    write(parts.join(' '));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    setLevel: (level) => {
      threshold = order[level];
    },
    enabled: (level) => order[level] >= threshold,
  };
}

/** A logger that keeps lines in memory: for tests that assert what was (not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug', format: LogFormat = 'text'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, format, write: (line) => lines.push(line) }), { lines });
}
