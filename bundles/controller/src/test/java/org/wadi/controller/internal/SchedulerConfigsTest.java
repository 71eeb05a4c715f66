package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

class SchedulerConfigsTest {

    /** A scheduler that takes {@code image} and refuses an empty one. */
    private static final class ImageScheduler implements Scheduler {
        final List<Map<String, Object>> checked = new CopyOnWriteArrayList<>();

        @Override
        public void startWorkers(WorkerRequest request) {
        }

        @Override
        public void stopWorkers(String jobId, long runId, boolean force) {
        }

        @Override
        public List<WorkerHandle> workers(String jobId) {
            return List.of();
        }

        @Override
        public Set<String> schedulerConfigKeys() {
            return Set.of("image");
        }

        @Override
        public void checkSchedulerConfig(Map<String, Object> config) {
            checked.add(config);
            if ("".equals(config.get("image"))) {
                throw new IllegalArgumentException("scheduler_config.image must not be empty");
            }
        }
    }

    /** A scheduler that takes no scheduler_config: the SPI's defaults. */
    private static final class PlainScheduler implements Scheduler {
        @Override
        public void startWorkers(WorkerRequest request) {
        }

        @Override
        public void stopWorkers(String jobId, long runId, boolean force) {
        }

        @Override
        public List<WorkerHandle> workers(String jobId) {
            return List.of();
        }
    }

    @Test
    void readsAJsonObjectAndRefusesAnythingElse() {
        assertEquals(Map.of("image", "x", "n", 2), SchedulerConfigs.parse("{\"image\": \"x\", \"n\": 2}"));
        assertEquals(Map.of(), SchedulerConfigs.parse("{}"));
        assertEquals(Map.of(), SchedulerConfigs.parse(""));
        for (String bad : List.of("[1]", "\"text\"", "{", "null")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulerConfigs.parse(bad), bad);
            assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
        }
    }

    @Test
    void aSchedulerWithoutKeysRefusesEveryKeyAndSaysItTakesNone() {
        SchedulerConfigs.check("process", new PlainScheduler(), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfigs.check("process", new PlainScheduler(), Map.of("image", "x", "cpu", "2")));
        assertEquals("Unsupported keys in scheduler_config for the 'process' scheduler (the scheduler of this server)."
                + " Unsupported: cpu, image. Supported: none: it takes no scheduler_config", e.getMessage());
    }

    @Test
    void unknownKeysAreRefusedListingTheSupportedOnesThenTheSchedulerChecksTheValues() {
        ImageScheduler s = new ImageScheduler();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchedulerConfigs.check("kubernetes", s, Map.of("image", "x", "imagee", "y")));
        assertEquals("Unsupported keys in scheduler_config for the 'kubernetes' scheduler (the scheduler of this server)."
                + " Unsupported: imagee. Supported: image", e.getMessage());
        assertEquals(List.of(), s.checked, "values are checked once the keys are known");

        SchedulerConfigs.check("kubernetes", s, Map.of("image", "x"));
        assertEquals(List.of(Map.of("image", "x")), s.checked);
        e = assertThrows(IllegalArgumentException.class, () -> SchedulerConfigs.check("kubernetes", s, Map.of("image", "")));
        assertEquals("scheduler_config.image must not be empty", e.getMessage());
    }
}
