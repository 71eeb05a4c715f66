-- Checkpoints of jobs and, per completed checkpoint, what every operator subtask stored.

CREATE TABLE checkpoints (
    job_id      text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    epoch       bigint NOT NULL CHECK (epoch > 0),
    run_id      bigint NOT NULL,
    state       text NOT NULL CHECK (state IN ('in_progress', 'completed', 'failed')),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    bytes       bigint NOT NULL DEFAULT 0,
    failure     text,
    PRIMARY KEY (job_id, epoch)
);

-- the checkpoint to restore from: the newest completed one
CREATE INDEX checkpoints_completed_idx ON checkpoints (job_id, epoch DESC) WHERE state = 'completed';

CREATE TABLE checkpoint_operators (
    job_id      text NOT NULL,
    epoch       bigint NOT NULL,
    operator_id text NOT NULL,
    subtask     integer NOT NULL CHECK (subtask >= 0),
    bytes       bigint NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, epoch, operator_id, subtask),
    FOREIGN KEY (job_id, epoch) REFERENCES checkpoints (job_id, epoch) ON DELETE CASCADE
);
