package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wadi.store.Udf;

/** Saved Java source functions on an embedded PostgreSQL (migration V6). */
class UdfStoreTest {

    private static Path dir;
    private static MyBatisPipelineStore store;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("wadi-udf-store-test");
        store = new MyBatisPipelineStore(StoreSettings.embedded(dir.resolve("postgres")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        TestFiles.deleteTree(dir);
    }

    @Test
    void savesListsFindsAndDeletesFunctionsWithUniqueNames() {
        Instant t = Instant.parse("2026-11-26T10:15:30.123456Z");
        Udf a = new Udf("udf_a", "", "double_it", "java", "public class A { public static long double_it(long x)"
                + " { return 2 * x; } }", "doubles", t, t);
        Udf b = new Udf("udf_b", "p", "halve", "java", "public class B {}", null, t.plusSeconds(1), t.plusSeconds(1));
        assertTrue(store.createUdf(a));
        assertTrue(store.createUdf(b));
        // a second function of the same name is refused, and nothing is written
        assertFalse(store.createUdf(new Udf("udf_c", "", "double_it", "java", "x", null, t, t)));

        List<Udf> all = store.listUdfs();
        assertEquals(List.of("udf_a", "udf_b"), all.stream().map(Udf::id).toList());
        Udf read = store.getUdf("udf_a").orElseThrow();
        assertEquals(a.definition(), read.definition());
        assertEquals("doubles", read.description());
        assertEquals(t.truncatedTo(ChronoUnit.MICROS), read.createdAt());
        assertEquals("p", store.getUdf("udf_b").orElseThrow().prefix());

        assertTrue(store.deleteUdf("udf_a"));
        assertFalse(store.deleteUdf("udf_a"));
        assertTrue(store.getUdf("udf_a").isEmpty());
        assertEquals(List.of("udf_b"), store.listUdfs().stream().map(Udf::id).toList());
    }
}
