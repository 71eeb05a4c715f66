import type { Job } from '../api/types';

/** The newest job of each pipeline (by creation time). */
export function latestJobs(jobs: Job[]): Map<string, Job> {
  const out = new Map<string, Job>();
  for (const j of jobs) {
    const key = j.pipeline_id ?? '';
    const seen = out.get(key);
    if (!seen || (j.created_at ?? 0) > (seen.created_at ?? 0)) out.set(key, j);
  }
  return out;
}
