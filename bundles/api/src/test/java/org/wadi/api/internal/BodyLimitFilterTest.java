package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    /** The part of a request the filter uses. */
    private static final class Request {
        final Map<String, String> headers = new HashMap<>();
        InputStream entity;
        Response aborted;

        ContainerRequestContext context() {
            return (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getHeaderString" -> headers.get((String) args[0]);
                        case "getEntityStream" -> entity;
                        case "setEntityStream" -> {
                            entity = (InputStream) args[0];
                            yield null;
                        }
                        case "hasEntity" -> entity != null;
                        case "abortWith" -> {
                            aborted = (Response) args[0];
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() {
        Request r = new Request();
        r.headers.put("Content-Length", "1048577");
        r.entity = new ByteArrayInputStream(new byte[0]);
        new BodyLimitFilter(1_048_576).filter(r.context());

        assertEquals(413, r.aborted.getStatus());
        assertEquals("request body exceeds the limit of 1048576 bytes", ((ErrorBody) r.aborted.getEntity()).error());
    }

    @Test
    void aBodyWithinTheLimitPasses() throws Exception {
        Request r = new Request();
        r.headers.put("Content-Length", "10");
        r.entity = new ByteArrayInputStream("0123456789".getBytes());
        new BodyLimitFilter(10).filter(r.context());

        assertNull(r.aborted);
        assertEquals("0123456789", new String(r.entity.readAllBytes()));
    }

    @Test
    void aChunkedBodyFailsOnceItPassesTheLimit() {
        Request r = new Request();
        r.entity = new ByteArrayInputStream(new byte[11]);
        new BodyLimitFilter(10).filter(r.context());

        assertNull(r.aborted);
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class, () -> r.entity.readAllBytes());
        assertEquals(413, e.getResponse().getStatus());
        assertEquals("request body exceeds the limit of 10 bytes", e.getMessage());
    }

    @Test
    void aChunkedBodyReadByteByByteCountsToo() throws Exception {
        Request r = new Request();
        r.entity = new ByteArrayInputStream(new byte[3]);
        new BodyLimitFilter(2).filter(r.context());
        r.entity.read();
        r.entity.read();
        assertThrows(PayloadTooLargeException.class, () -> r.entity.read());
    }

    @Test
    void aMalformedLengthIsABadRequest() {
        Request r = new Request();
        r.headers.put("Content-Length", "lots");
        new BodyLimitFilter(10).filter(r.context());
        assertEquals(400, r.aborted.getStatus());
        assertEquals("invalid Content-Length header 'lots'", ((ErrorBody) r.aborted.getEntity()).error());
    }
}
