package org.wadi.store.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store on an embedded PostgreSQL, started once for the class in a temporary directory. */
class PipelineStoreTest extends PipelineStoreContract {

    private static Path dir;
    private static MyBatisPipelineStore store;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("wadi-store-test");
        store = new MyBatisPipelineStore(StoreSettings.embedded(dir.resolve("postgres")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        TestFiles.deleteTree(dir);
    }

    @Override
    MyBatisPipelineStore store() {
        return store;
    }

    @Override
    String jdbcUrl() {
        return store.embedded().orElseThrow().jdbcUrl();
    }
}
