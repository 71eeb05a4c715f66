-- What the API shows of checkpoints (whether one was a stop's final checkpoint, where it was
-- stored, how long each subtask waited for its barriers), and the jobs' errors list.

ALTER TABLE checkpoints
    -- the final checkpoint of a stop (stop mode 'checkpoint') rather than a scheduled one
    ADD COLUMN stopping    boolean NOT NULL DEFAULT false,
    -- the checkpoint storage it went to (file:///… or s3://bucket/prefix); '' for older rows
    ADD COLUMN storage_url text NOT NULL DEFAULT '';

-- when the first barrier reached the subtask; NULL when the worker did not measure it
ALTER TABLE checkpoint_operators ADD COLUMN alignment_started_at timestamptz;

-- Task failures, restarts and what workers report at warn and above, per job, newest first.
CREATE TABLE job_log_messages (
    seq         bigserial PRIMARY KEY,
    job_id      text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    run_id      bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    operator_id text,
    task_index  integer CHECK (task_index >= 0),
    log_level   text NOT NULL CHECK (log_level IN ('info', 'warn', 'error')),
    message     text NOT NULL,
    details     text NOT NULL DEFAULT '',
    CHECK (task_index IS NULL OR operator_id IS NOT NULL)
);

-- a job's messages, newest first, paged by seq; also what retention trims
CREATE INDEX job_log_messages_job_idx ON job_log_messages (job_id, seq DESC);
