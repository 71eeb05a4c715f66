package org.wadi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunOptionsTest {

    static final Path CWD = Path.of("/home/ada/work");

    @Test
    void aFileWithDefaults() {
        RunOptions o = RunOptions.parse(new String[] {"queries/clicks.sql"}, CWD);
        assertEquals(CWD.resolve("queries/clicks.sql"), o.file());
        assertEquals(CWD.resolve(".wadi/clicks"), o.state());
        assertEquals(1, o.parallelism());
        assertEquals("clicks", o.name());
    }

    @Test
    void standardInputAndOptions() {
        RunOptions o = RunOptions.parse(new String[] {"--state", "/tmp/s", "--parallelism", "3", "--name", "n", "-"},
                CWD);
        assertNull(o.file());
        assertEquals(Path.of("/tmp/s"), o.state());
        assertEquals(3, o.parallelism());
        assertEquals("n", o.name());
        RunOptions none = RunOptions.parse(new String[0], CWD);
        assertNull(none.file());
        assertEquals(CWD.resolve(".wadi/stdin"), none.state());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertTrue(fails("--parallelism", "x").contains("whole number"));
        assertTrue(fails("--parallelism", "0").contains("between 1 and 64"));
        assertTrue(fails("--state").contains("--state needs a value"));
        assertTrue(fails("--frobnicate").contains("unknown option '--frobnicate'"));
        assertTrue(fails("a.sql", "b.sql").contains("only one SQL file"));
        assertTrue(fails("--name", " ").contains("must not be empty"));
    }

    static String fails(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(args, CWD)).getMessage();
    }
}
