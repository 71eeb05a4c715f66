package org.wadi.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's verdict itself: rows lost and doubled are counted as multisets, in-progress files ignored. */
class OutputComparisonTest {

    @Test
    void countsLostAndDoubledRowsAsMultisets() {
        var expected = ChaosIT.count(List.of("a", "b", "b", "c"));
        assertArrayEquals(new long[] {0, 0}, ChaosIT.diff(expected, ChaosIT.count(List.of("c", "b", "a", "b"))));
        // one b missing, one a extra, d never expected
        assertArrayEquals(new long[] {1, 2}, ChaosIT.diff(expected, ChaosIT.count(List.of("a", "a", "b", "c", "d"))));
        assertArrayEquals(new long[] {4, 0}, ChaosIT.diff(expected, ChaosIT.count(List.of())));
    }

    @Test
    void readsOnlyPublishedFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("0001.json"), "{\"a\":1}\n{\"a\":2}\n");
        Files.createDirectories(dir.resolve("2023/11"));
        Files.writeString(dir.resolve("2023/11/0002.json"), "{\"a\":3}\n\n");
        Files.writeString(dir.resolve(".0003.json.x-0-y.inprogress"), "{\"a\":4}\n");
        assertEquals(List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"), ChaosIT.folderRows(dir));
        assertEquals(List.of(), ChaosIT.folderRows(dir.resolve("missing")));
    }
}
