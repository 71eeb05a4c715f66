-- Restarts asked through the API (POST /pipelines/{id}/restart) and the parallelism a job's current
-- plan was made for (PATCH /pipelines/{id} {parallelism} rescales).

ALTER TABLE pipelines
    -- grows with every restart request; the controller restarts a job whose taken nonce is smaller
    ADD COLUMN restart_nonce        bigint NOT NULL DEFAULT 0,
    -- the options of the newest request: skip the final checkpoint, start without state
    ADD COLUMN restart_force        boolean NOT NULL DEFAULT false,
    ADD COLUMN restart_ignore_state boolean NOT NULL DEFAULT false;

-- the newest restart request of its pipeline the controller acted on
ALTER TABLE jobs ADD COLUMN restart_nonce bigint NOT NULL DEFAULT 0;
