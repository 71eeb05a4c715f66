package org.wadi.api.service;

import java.util.List;

/**
 * One checkpoint of a job (Arroyo's {@code Checkpoint}, plus its state, size and failure). Times
 * are microseconds since the epoch.
 *
 * @param epoch its number, growing over the job's runs
 * @param backend where its state went: the checkpoint storage's scheme ({@code file}, {@code s3}),
 *     or {@code ""} when not recorded
 * @param checkpointType {@code scheduled}, or {@code stopping} for the final checkpoint of a stop
 * @param startTime when it was triggered
 * @param finishTime when it completed or failed, or {@code null} while in progress
 * @param events its phases so far
 * @param state {@code in_progress}, {@code completed} or {@code failed}
 * @param bytes the size of the state it stored, over all subtasks
 * @param failure why it failed, or {@code null}
 * @param stateUrl where a completed checkpoint lies ({@code <storage>/<job_id>/checkpoints/<epoch>}):
 *     the {@code state_url} a new pipeline can start from; {@code null} for others
 */
public record Checkpoint(
        long epoch,
        String backend,
        String checkpointType,
        long startTime,
        Long finishTime,
        List<CheckpointEventSpan> events,
        String state,
        long bytes,
        String failure,
        String stateUrl) {

    public Checkpoint {
        events = List.copyOf(events);
    }

    /** A checkpoint without a state URL (not completed, or its storage is unknown). */
    public Checkpoint(long epoch, String backend, String checkpointType, long startTime, Long finishTime,
            List<CheckpointEventSpan> events, String state, long bytes, String failure) {
        this(epoch, backend, checkpointType, startTime, finishTime, events, state, bytes, failure, null);
    }
}
