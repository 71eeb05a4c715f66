package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.PlanNode;
import org.wadi.sql.PlanResult;

/** The pipeline {@link PlanningTime} measures plans, and is the pipeline it says it is. */
class PlanningTimeTest {

    @Test
    void theHundredLinePipelinePlansWithEveryKindOfOperatorItClaims() {
        String sql = PlanningTime.pipeline();
        long lines = sql.lines().count();
        assertTrue(lines >= 90 && lines <= 110, "about 100 lines: " + lines);
        PlanResult r = PlanningTime.planner().plan(sql, 4);
        assertTrue(r.ok(), () -> r.errors().toString());
        List<String> descriptions = r.plan().nodes().stream().map(PlanNode::description).toList();
        for (String expected : List.of("tumble window aggregate", "updating aggregate", "interval join",
                "hop window aggregate")) {
            assertTrue(descriptions.stream().anyMatch(d -> d.contains(expected)),
                    () -> "no '" + expected + "' node among " + descriptions);
        }
        assertTrue(r.plan().nodes().stream().filter(n -> n.id().startsWith("sink_")).count() == 5,
                () -> "five sinks: " + descriptions);
    }
}
