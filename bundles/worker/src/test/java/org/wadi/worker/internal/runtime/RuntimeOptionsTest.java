package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The data server's address among the runtime options. */
class RuntimeOptionsTest {

    @Test
    void theDataServerListensOnTheLoopbackUnlessConfigured() {
        assertEquals("127.0.0.1", RuntimeOptions.DEFAULTS.dataHost());
        assertEquals("127.0.0.1", new RuntimeOptions(8, 2, 20, 50, 0).dataHost());
        assertEquals("127.0.0.1", RuntimeOptions.DEFAULTS.withDataHost(null).dataHost());
        assertEquals("127.0.0.1", RuntimeOptions.DEFAULTS.withDataHost("  ").dataHost());
        RuntimeOptions everywhere = RuntimeOptions.DEFAULTS.withDataHost(" 0.0.0.0 ").withConnectorWaitMillis(5);
        assertEquals("0.0.0.0", everywhere.dataHost());
        assertEquals(5, everywhere.connectorWaitMillis());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RuntimeOptions(8, 2, 20, 50, 0, ""));
        assertTrue(e.getMessage().contains("default 127.0.0.1"), e.getMessage());
    }
}
