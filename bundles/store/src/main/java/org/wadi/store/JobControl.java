package org.wadi.store;

/**
 * What the controller reads of a job's pipeline on every pass besides its stop mode: the desired
 * parallelism (a change rescales the job) and the restart requests (a newer one than the job took
 * restarts it).
 *
 * @param parallelism the pipeline's parallelism now
 * @param restartNonce the number of the pipeline's newest restart request (0: none ever)
 * @param restartTaken the number of the newest request the controller acted on for this job
 * @param restartForce whether the newest request skips the final checkpoint
 * @param restartIgnoreState whether the newest request starts the job without its state
 */
public record JobControl(int parallelism, long restartNonce, long restartTaken, boolean restartForce,
        boolean restartIgnoreState) {

    /** Whether a restart was asked that the controller has not acted on yet. */
    public boolean restartPending() {
        return restartNonce > restartTaken;
    }
}
