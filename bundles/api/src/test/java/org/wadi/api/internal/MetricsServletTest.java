package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void writesTheMetricsAsPrometheusText() throws IOException {
        String text = "# TYPE wadi_job_restarts_total counter\nwadi_job_restarts_total 3.0\n";
        MetricsServlet servlet = new MetricsServlet(new ServerMetrics() {
            @Override
            public void apiRequest(String method, String route, int status, long nanos) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void writeText(OutputStream out) throws IOException {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Map<String, String> headers = new HashMap<>();
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
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                HttpServletRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (p, m, args) -> {
                    throw new UnsupportedOperationException(m.getName());
                });

        servlet.doGet(request, response);

        assertEquals(text, body.toString(StandardCharsets.UTF_8));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", headers.get("Content-Type"));
        assertEquals("no-store", headers.get("Cache-Control"));
    }
}
