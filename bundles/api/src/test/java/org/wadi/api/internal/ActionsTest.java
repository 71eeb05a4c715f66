package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;

class ActionsTest {

    @Test
    void followsArroyosTable() {
        assertEquals(new Actions("Stop", StopMode.CHECKPOINT, false), Actions.of(JobState.Running, true));
        assertEquals(new Actions("Stopping", null, true), Actions.of(JobState.Running, false));
        assertEquals(new Actions("Force Stop", StopMode.IMMEDIATE, true), Actions.of(JobState.CheckpointStopping, false));
        assertEquals(new Actions("Start", StopMode.NONE, false), Actions.of(JobState.Stopped, false));
        assertEquals(new Actions("Starting", null, true), Actions.of(JobState.Stopped, true));
        assertEquals(new Actions("Finished", null, false), Actions.of(JobState.Finished, true));
        assertEquals(new Actions("Start", StopMode.NONE, false), Actions.of(JobState.Failed, false));
    }

    @Test
    void everyStateHasAnAction() {
        for (JobState s : JobState.values()) {
            assertNotNull(Actions.of(s, true).text());
            assertNotNull(Actions.of(s, false).text());
        }
    }
}
