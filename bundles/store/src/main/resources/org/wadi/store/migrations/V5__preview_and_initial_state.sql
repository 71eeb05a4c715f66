-- Preview pipelines (POST /api/v1/pipelines/preview) and pipelines that start from a checkpoint of
-- another job (POST /api/v1/pipelines {state_url}).

ALTER TABLE pipelines
    -- a preview's time to live from its creation; NULL for a pipeline that runs until stopped
    ADD COLUMN ttl_micros          bigint CHECK (ttl_micros IS NULL OR ttl_micros > 0),
    -- the checkpoint the pipeline's job restores while it has none of its own: the storage it is
    -- in, the job that took it and its epoch (all NULL: it starts without state)
    ADD COLUMN restore_storage_url text,
    ADD COLUMN restore_job_id      text,
    ADD COLUMN restore_epoch       bigint,
    ADD CONSTRAINT pipelines_restore_complete CHECK (
        (restore_storage_url IS NULL AND restore_job_id IS NULL AND restore_epoch IS NULL)
        OR (restore_storage_url IS NOT NULL AND restore_job_id IS NOT NULL AND restore_epoch >= 1));
