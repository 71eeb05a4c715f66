-- A pipeline's scheduler_config (POST /api/v1/pipelines): settings of its workers for the
-- scheduler that starts them (the kubernetes scheduler's image, resources, labels, …), handed to
-- the scheduler with every request for workers. An empty object: the scheduler's defaults.

ALTER TABLE pipelines
    ADD COLUMN scheduler_config jsonb NOT NULL DEFAULT '{}'::jsonb
        CONSTRAINT pipelines_scheduler_config_object CHECK (jsonb_typeof(scheduler_config) = 'object');
