package org.wadi.controller.internal.states;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.wadi.controller.internal.CheckpointStorage;
import org.wadi.controller.internal.Connectors;
import org.wadi.controller.internal.ControllerMetrics;
import org.wadi.controller.internal.JobLogRecorder;
import org.wadi.controller.internal.RunRegistry;
import org.wadi.controller.internal.Schedulers;
import org.wadi.controller.internal.Settings;
import org.wadi.store.CheckpointStore;
import org.wadi.store.PipelineStore;

/**
 * What every job's states share.
 *
 * @param store desired and actual state
 * @param schedulers the scheduler services present now
 * @param connectors the connector services present now
 * @param runs where workers find the run they register for
 * @param settings the controller's settings
 * @param async where calls that may take a while (schedulers) run, off the loop's thread
 * @param clock the time
 * @param controllerAddress {@code host:port} workers connect to
 * @param startedAt when the controller started (plug-ins may still appear shortly after)
 * @param wake asks the loop for another pass soon
 * @param checkpoints where checkpoints are recorded, or {@code null}: jobs run without checkpoints
 * @param checkpointStorage where checkpoint state goes, or {@code null} (with {@code checkpoints})
 * @param metrics the server's metrics
 * @param jobLog where entries of the jobs' errors lists go
 */
public record ControllerServices(
        PipelineStore store,
        Schedulers schedulers,
        Connectors connectors,
        RunRegistry runs,
        Settings settings,
        Executor async,
        Clock clock,
        Supplier<String> controllerAddress,
        Instant startedAt,
        Runnable wake,
        CheckpointStore checkpoints,
        CheckpointStorage checkpointStorage,
        ControllerMetrics metrics,
        JobLogRecorder jobLog) {

    /** Whether plug-in services may still be arriving, so that a missing one is waited for. */
    public boolean inStartupGrace() {
        return clock.instant().isBefore(startedAt.plus(settings.startupGrace()));
    }
}
