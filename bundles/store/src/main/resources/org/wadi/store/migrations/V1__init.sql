-- Pipelines, their jobs and the jobs' state history.

CREATE TABLE pipelines (
    id                         text PRIMARY KEY,
    name                       text NOT NULL,
    query                      text NOT NULL,
    parallelism                integer NOT NULL CHECK (parallelism > 0),
    checkpoint_interval_micros bigint NOT NULL,
    -- the plan as PlanCodec wrote it: text rather than jsonb, which would reorder its keys
    plan                       text NOT NULL,
    stop                       text NOT NULL DEFAULT 'none'
                               CHECK (stop IN ('none', 'checkpoint', 'graceful', 'immediate', 'force')),
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now()
);

-- listing, newest first, paged by (created_at, id)
CREATE INDEX pipelines_created_idx ON pipelines (created_at DESC, id DESC);

CREATE TABLE jobs (
    id              text PRIMARY KEY,
    pipeline_id     text NOT NULL REFERENCES pipelines (id) ON DELETE CASCADE,
    state           text NOT NULL,
    running_desired boolean NOT NULL DEFAULT true,
    run_id          bigint NOT NULL DEFAULT 0,
    start_time      timestamptz,
    finish_time     timestamptz,
    tasks           integer,
    failure_message text,
    failure_domain  text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_pipeline_idx ON jobs (pipeline_id, created_at DESC, id DESC);
-- the controller's work list
CREATE INDEX jobs_active_idx ON jobs (created_at) WHERE state NOT IN ('Stopped', 'Finished', 'Failed');

CREATE TABLE job_status_history (
    id         bigserial PRIMARY KEY,
    job_id     text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    from_state text,
    to_state   text NOT NULL,
    reason     text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_status_history_job_idx ON job_status_history (job_id, id);
