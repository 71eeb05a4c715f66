package org.wadi.spi.job;

/**
 * The states of a job, as Arroyo's controller names them. {@link #Stopped}, {@link #Finished} and
 * {@link #Failed} are final.
 */
public enum JobState {
    Created,
    Compiling,
    Scheduling,
    Running,
    Recovering,
    Rescaling,
    Restarting,
    CheckpointStopping,
    Stopping,
    Finishing,
    Failing,
    Stopped,
    Finished,
    Failed;

    /** Whether the job has ended in this state. */
    public boolean isFinal() {
        return this == Stopped || this == Finished || this == Failed;
    }
}
