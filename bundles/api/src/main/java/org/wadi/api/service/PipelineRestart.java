package org.wadi.api.service;

/**
 * The body of {@code POST /api/v1/pipelines/{id}/restart}, as Arroyo's {@code PipelineRestart},
 * with {@code ignore_state} besides Arroyo's {@code force}. An empty body is a safe restart.
 *
 * @param force stop the running job at once, without a final checkpoint (the new run restores the
 *     latest completed one)
 * @param ignoreState start the new run without state, not from a checkpoint
 */
public record PipelineRestart(Boolean force, Boolean ignoreState) {

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    public boolean withoutState() {
        return Boolean.TRUE.equals(ignoreState);
    }
}
