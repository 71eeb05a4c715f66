import { BASE, api } from '../api/client';
import type { JobCollection, OutputData, Pipeline } from '../api/types';

/** How long to wait for the preview's job to appear. */
const JOB_WAIT_MS = 30_000;

export interface PreviewHandle {
  pipelineId: string;
  close: () => void;
}

/**
 * Starts a preview of `query` (POST /pipelines/preview) and streams its rows from the job's output
 * (server-sent events); `onRow` gets each row, `onEnd` is called once the stream ends or fails.
 */
export async function startPreview(
  query: string,
  onRow: (data: OutputData) => void,
  onEnd: (error?: string) => void,
): Promise<PreviewHandle> {
  const pipeline = await api.post<Pipeline>('/pipelines/preview', { query, enable_sinks: false });
  let closed = false;
  let source: EventSource | null = null;
  const close = () => {
    closed = true;
    source?.close();
  };
  const deadline = Date.now() + JOB_WAIT_MS;
  const waitForJob = async (): Promise<string> => {
    for (;;) {
      const jobs = await api.get<JobCollection>(`/pipelines/${pipeline.id}/jobs`);
      const job = jobs.data?.[0];
      // a preview has one job
      if (job?.id) return job.id;
      if (Date.now() > deadline) throw new Error('the preview job did not start in time');
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  waitForJob()
    .then((jobId) => {
      if (closed) return;
      source = new EventSource(`${BASE}/pipelines/${pipeline.id}/jobs/${jobId}/output`);
      source.onmessage = (e) => {
        try {
          onRow(JSON.parse(e.data) as OutputData);
        } catch {
          // keep-alive or malformed event: skip
        }
      };
      source.addEventListener('done', () => {
        source?.close();
        onEnd();
      });
      source.onerror = () => {
        // the server closes the stream when the preview ends
        source?.close();
        if (!closed) onEnd();
      };
    })
    .catch((e: Error) => onEnd(e.message));
  return { pipelineId: pipeline.id ?? '', close };
}
