package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The first run of a pipeline started from another job's checkpoint: operators restore that job's
 * state, from its storage, and the new job's own checkpoints go under its own id in its storage.
 */
class OtherJobRestoreTest {

    @TempDir
    Path dir;

    final CheckpointConnectors.Reports reports = new CheckpointConnectors.Reports();

    @Test
    void restoresAnotherJobsCheckpointAndStoresItsOwnUnderItsOwnId() throws Exception {
        Path oldRoot = Files.createDirectories(dir.resolve("old"));
        Path newRoot = Files.createDirectories(dir.resolve("new"));
        try (FileObjectStore old = new FileObjectStore(oldRoot.toUri().toString(), oldRoot);
                FileObjectStore mine = new FileObjectStore(newRoot.toUri().toString(), newRoot)) {
            Checkpoints writing = new Checkpoints("job_old", old, Runnable::run, reports, -1);
            for (int i = 0; i < 2; i++) {
                int subtask = i;
                writing.store(7, "op", i, StateWriter.deferred(out -> out.writeInt(100 + subtask)), 0);
            }

            Checkpoints restoring = new Checkpoints("job_new", mine, Runnable::run, reports, 7, "job_old", old)
                    .forPlan(CheckpointsTest.plan(3));
            assertEquals(7, restoring.restoreEpoch());
            CheckpointsTest.Recorder keyed = new CheckpointsTest.Recorder(true);
            restoring.restore("op", 1, keyed);
            assertEquals(List.of("0/2=100", "1/2=101 counted"), keyed.got, "keyed state of job_old, redistributed");
            CheckpointsTest.Recorder plain = new CheckpointsTest.Recorder(false);
            new Checkpoints("job_new", mine, Runnable::run, reports, 7, "job_old", old).restore("op", 0, plain);
            assertEquals(List.of("own 100"), plain.got);

            restoring.store(8, "op", 0, StateWriter.deferred(out -> out.writeInt(5)), 0);
            assertTrue(mine.exists(CheckpointLayout.subtaskKey("job_new", 8, "op", 0)), "its own checkpoint in its storage");
            assertEquals(List.of(), old.list(CheckpointLayout.checkpointsPrefix("job_new")), "nothing of it in the old storage");
        }
    }

    @Test
    void aMissingCheckpointOfTheOtherJobRestoresNothing() throws IOException, Exception {
        Path root = Files.createDirectories(dir.resolve("s"));
        try (FileObjectStore store = new FileObjectStore(root.toUri().toString(), root)) {
            CheckpointsTest.Recorder r = new CheckpointsTest.Recorder(false);
            new Checkpoints("job_new", store, Runnable::run, reports, 3, "job_gone", store).restore("op", 0, r);
            assertEquals(List.of("none"), r.got);
        }
    }
}
