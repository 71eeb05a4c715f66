package org.wadi.api.internal;

import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;

/**
 * The action a client offers for a pipeline given its job's state, as Arroyo's {@code get_action}:
 * the button's label, the stop mode it would set ({@code null}: no action), and whether the job is
 * between stable states.
 */
record Actions(String text, StopMode action, boolean inProgress) {

    static Actions of(JobState state, boolean runningDesired) {
        return switch (state) {
            case Created -> runningDesired
                    ? new Actions("Stop", StopMode.CHECKPOINT, true)
                    : new Actions("Start", StopMode.NONE, false);
            case Compiling, Scheduling, Rescaling, Recovering, Restarting -> runningDesired
                    ? new Actions("Stop", StopMode.CHECKPOINT, true)
                    : new Actions("Stopping", null, true);
            case Running -> runningDesired
                    ? new Actions("Stop", StopMode.CHECKPOINT, false)
                    : new Actions("Stopping", null, true);
            // a stop with a final checkpoint, or a failure in progress, can still be cut short
            case CheckpointStopping, Failing -> new Actions("Force Stop", StopMode.IMMEDIATE, true);
            case Stopping -> runningDesired
                    ? new Actions("Stopping", StopMode.CHECKPOINT, true)
                    : new Actions("Stopping", null, true);
            case Stopped -> runningDesired
                    ? new Actions("Starting", null, true)
                    : new Actions("Start", StopMode.NONE, false);
            case Finishing -> new Actions("Finishing", null, true);
            case Finished -> new Actions("Finished", null, false);
            case Failed -> runningDesired
                    ? new Actions("Failed", null, false)
                    : new Actions("Start", StopMode.NONE, false);
        };
    }
}
