package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlannerWarmUpTest {

    @Test
    void theWarmUpPipelinePlans() {
        // a warm-up that stopped planning would silently warm up nothing
        assertTrue(PlannerWarmUp.warmUp(Path::of));
    }
}
