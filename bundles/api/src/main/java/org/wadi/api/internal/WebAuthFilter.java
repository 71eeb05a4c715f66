package org.wadi.api.internal;

import java.io.IOException;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Authenticates the requests of the HTTP server's default context — the web UI's files and
 * {@code /metrics} — through the {@link Authenticator}, as their settings ask ({@code api.auth.ui},
 * {@code api.auth.metrics}). {@link MetricsServlet} checks again itself, so that {@code /metrics}
 * is never served without it.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterName("wadi-auth")
// job output streams (server-sent events) are asynchronous: every filter before them must allow it
@HttpWhiteboardFilterAsyncSupported
public class WebAuthFilter implements Filter {

    private final Authenticator authenticator;

    @Activate
    public WebAuthFilter(@Reference Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void init(FilterConfig config) {
        // configured through the Authenticator
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (authenticator.check((HttpServletRequest) request, (HttpServletResponse) response)) {
            chain.doFilter(request, response);
        }
    }

    @Override
    public void destroy() {
        // nothing held
    }
}
