// Formatting of the API's values (times are microseconds since the epoch).

export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || micros <= 0) return '—';
  const d = new Date(micros / 1000);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function formatDurationMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined || micros < 0) return '—';
  if (micros < 1000) return `${micros} µs`;
  if (micros < 1_000_000) return `${(micros / 1000).toFixed(1)} ms`;
  const s = micros / 1_000_000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** The badge colour class of a job state. */
export function stateTone(state: string | undefined): 'ok' | 'busy' | 'bad' | 'idle' {
  switch (state) {
    case 'Running':
      return 'ok';
    case 'Failed':
      return 'bad';
    case 'Created':
    case 'Compiling':
    case 'Scheduling':
    case 'Restarting':
    case 'Recovering':
    case 'Rescaling':
    case 'Stopping':
    case 'CheckpointStopping':
      return 'busy';
    default:
      return 'idle';
  }
}

export const ENDED_STATES = new Set(['Stopped', 'Finished', 'Failed']);
