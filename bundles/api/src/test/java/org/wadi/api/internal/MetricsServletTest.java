package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.wadi.controller.ServerMetrics;

/** {@code /metrics} writes the server's metrics in Prometheus's text format, never cached. */
class MetricsServletTest {

    static final String TEXT = "# TYPE wadi_job_restarts_total counter\nwadi_job_restarts_total 3.0\n";

    @Test
    void writesTheMetricsAsPrometheusText() throws IOException {
        Map<String, String> headers = new HashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        get(new Authenticator(AuthSettings.defaults()), null, headers, body);
        assertEquals(TEXT, body.toString(StandardCharsets.UTF_8));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", headers.get("Content-Type"));
        assertEquals("no-store", headers.get("Cache-Control"));
    }

    @Test
    void withAnApiKeyConfiguredItAsksForIt() throws IOException {
        Authenticator auth = new Authenticator(new AuthSettings(AuthSettings.Mode.API_KEY,
                java.util.List.of("0123456789abcdef-key".getBytes(StandardCharsets.UTF_8)), true, false,
                java.util.Set.of()));
        Map<String, String> headers = new HashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = get(auth, null, headers, body);
        assertEquals(401, status);
        assertTrue(body.toString(StandardCharsets.UTF_8).contains("Authorization: Bearer"), body.toString());
        assertFalse(body.toString(StandardCharsets.UTF_8).contains("wadi_job_restarts_total"));

        body.reset();
        assertEquals(200, get(auth, "Bearer 0123456789abcdef-key", headers, body));
        assertEquals(TEXT, body.toString(StandardCharsets.UTF_8));
    }

    /** {@code GET /metrics} from 127.0.0.1 with this Authorization header; returns the status. */
    static int get(Authenticator auth, String authorization, Map<String, String> headers, ByteArrayOutputStream body)
            throws IOException {
        int[] status = {200};
        MetricsServlet servlet = new MetricsServlet(new ServerMetrics() {
            @Override
            public void apiRequest(String method, String route, int status, long nanos) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void writeText(OutputStream out) throws IOException {
                out.write(TEXT.getBytes(StandardCharsets.UTF_8));
            }
        }, auth);
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (p, m, args) -> switch (m.getName()) {
                    case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "getOutputStream" -> out;
                    case "setStatus" -> status[0] = (Integer) args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getContextPath", "getServletPath" -> m.getName().equals("getServletPath") ? "/metrics" : "";
                    case "getPathInfo", "getAttribute" -> null;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        servlet.doGet(request, response);
        return status[0];
    }
}
