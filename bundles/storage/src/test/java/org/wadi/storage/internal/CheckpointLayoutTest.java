package org.wadi.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.ObjectKeys;
import org.wadi.storage.ObjectStore;

class CheckpointLayoutTest {

    @TempDir
    Path dir;

    @Test
    void namesKeysByJobEpochOperatorAndSubtask() {
        assertEquals("job_1/", CheckpointLayout.jobPrefix("job_1"));
        assertEquals("job_1/checkpoints/", CheckpointLayout.checkpointsPrefix("job_1"));
        assertEquals("job_1/checkpoints/0000000042/", CheckpointLayout.epochPrefix("job_1", 42));
        assertEquals("job_1/checkpoints/0000000042/window_2/", CheckpointLayout.operatorPrefix("job_1", 42, "window_2"));
        assertEquals("job_1/checkpoints/0000000042/window_2/3", CheckpointLayout.subtaskKey("job_1", 42, "window_2", 3));
        assertEquals("job_1/checkpoints/0000000042/_completed", CheckpointLayout.completedKey("job_1", 42));
        // keys sort by epoch
        assertTrue(CheckpointLayout.epochPrefix("j", 9).compareTo(CheckpointLayout.epochPrefix("j", 10)) < 0);
        ObjectKeys.requireKey(CheckpointLayout.subtaskKey("job_1", Long.MAX_VALUE, "op", Integer.MAX_VALUE));
    }

    @Test
    void rejectsIdsThatAreNotOneSegment() {
        for (String bad : List.of("", "a/b", "..", ".x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.jobPrefix(bad));
            assertTrue(e.getMessage().contains("job id"), e.getMessage());
        }
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> CheckpointLayout.subtaskKey("job_1", 1, "_completed", 0));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.epochPrefix("job_1", -1));
        assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.subtaskKey("job_1", 1, "op", -1));
    }

    @Test
    void retentionNeedsACompletedCheckpointToKeep() throws IOException {
        try (ObjectStore store = new FileObjectStore("file://test", dir)) {
            store.put(CheckpointLayout.subtaskKey("job_1", 1, "op", 0), new byte[] {1});
            store.put(CheckpointLayout.subtaskKey("job_1", 2, "op", 0), new byte[] {1});
            // no completed checkpoint yet: everything may still be in progress
            assertEquals(List.of(), CheckpointLayout.retain(store, "job_1", 1));
            assertEquals(OptionalLong.empty(), CheckpointLayout.latestCompleted(store, "job_1"));
            assertEquals(2, store.list("").size());

            CheckpointLayout.markCompleted(store, "job_1", 2, new byte[0]);
            assertEquals(List.of(1L), CheckpointLayout.retain(store, "job_1", 3), "abandoned epochs before the oldest kept go");
            assertEquals(List.of(CheckpointLayout.completedKey("job_1", 2), CheckpointLayout.subtaskKey("job_1", 2, "op", 0)),
                    store.list(""));

            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> CheckpointLayout.retain(store, "job_1", 0));
            assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
            // foreign keys under the job's checkpoints are ignored, not parsed as epochs
            store.put("job_1/checkpoints/notes", new byte[0]);
            store.put("job_1/checkpoints/12/x", new byte[0]);
            assertEquals(List.of(2L), CheckpointLayout.completedEpochs(store, "job_1"));
        }
    }

    @Test
    void listsTheSubtasksOfAnOperatorInNumericOrder() throws IOException {
        try (ObjectStore store = new FileObjectStore("file://test", dir)) {
            for (int subtask : new int[] {10, 2, 0, 1}) {
                store.put(CheckpointLayout.subtaskKey("job_1", 3, "window_2", subtask), new byte[0]);
            }
            store.put(CheckpointLayout.subtaskKey("job_1", 3, "window_22", 5), new byte[0]);
            store.put(CheckpointLayout.subtaskKey("job_1", 4, "window_2", 7), new byte[0]);
            store.put(CheckpointLayout.operatorPrefix("job_1", 3, "window_2") + "notes", new byte[0]);
            assertEquals(List.of(0, 1, 2, 10), CheckpointLayout.subtasks(store, "job_1", 3, "window_2"));
            assertEquals(List.of(), CheckpointLayout.subtasks(store, "job_1", 5, "window_2"));
        }
    }
}
