package org.wadi.api.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an HTTP request may go on, after {@link AuthSettings}: with authentication off
 * only loopback clients are served; with an API key a request needs {@code Authorization: Bearer
 * <key>}; with mutual TLS a client certificate the HTTPS connector verified. {@code /api/v1/ping}
 * always answers. Used by the REST API's filter ({@link ApiAuthFilter}), {@code /metrics}
 * ({@link MetricsServlet}) and the web UI's files ({@link WebAuthFilter}); a misconfiguration
 * refuses every protected request (fail closed).
 */
@Component(service = Authenticator.class, configurationPid = ApiConfig.PID)
public class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final String PING = "/api/v1/ping";
    static final String CERTIFICATES = "javax.servlet.request.X509Certificate";
    private static final ObjectMapper JSON = ApiJson.newMapper();

    /** What to do with a request: pass ({@code status} 0) or answer {@code status} with {@code error}. */
    record Decision(int status, String error) {
        static final Decision PASS = new Decision(0, null);

        boolean passes() {
            return status == 0;
        }
    }

    private final AuthSettings settings;
    /** Why the settings are unusable, or {@code null}: every protected request is refused then. */
    private final String misconfigured;

    @Activate
    public Authenticator(ApiConfig config) {
        this(config, System.getenv());
    }

    Authenticator(ApiConfig config, Map<String, String> env) {
        AuthSettings s = null;
        String problem = null;
        try {
            s = AuthSettings.from(config, env);
            LOG.info("API authentication: {}", s);
        } catch (IllegalArgumentException e) {
            problem = "the server's authentication is misconfigured: " + e.getMessage();
            LOG.error("{}; every request but {} is refused until it is fixed", problem, PING);
        }
        this.settings = s;
        this.misconfigured = problem;
    }

    Authenticator(AuthSettings settings) {
        this.settings = settings;
        this.misconfigured = null;
    }

    /** The mode in force, or {@code null} when misconfigured. */
    AuthSettings.Mode mode() {
        return settings == null ? null : settings.mode();
    }

    /** Whether a browser page from {@code origin} may call the API (CORS). */
    boolean allowedOrigin(String origin) {
        return settings != null && origin != null
                && (settings.corsOrigins().contains("*") || settings.corsOrigins().contains(origin));
    }

    /** The {@code Access-Control-Allow-Origin} value for an allowed origin. */
    String allowOriginHeader(String origin) {
        return settings.corsOrigins().contains("*") ? "*" : origin;
    }

    /** The header a 401 carries. */
    String challenge() {
        return settings != null && settings.mode() == AuthSettings.Mode.MTLS ? "Mutual-TLS realm=\"wadi\""
                : "Bearer realm=\"wadi\"";
    }

    /**
     * Checks a servlet request; when refused, writes the answer ({@code {"error": …}}) and returns
     * false.
     */
    boolean check(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object certs = request.getAttribute(CERTIFICATES);
        Decision d = decide(path(request), request.getRemoteAddr(), request.getHeader("Authorization"),
                certs instanceof Object[] a && a.length > 0);
        if (d.passes()) {
            return true;
        }
        if (d.status() == 401) {
            response.setHeader("WWW-Authenticate", challenge());
        }
        response.setStatus(d.status());
        response.setContentType("application/json");
        response.getOutputStream().write(JSON.writeValueAsBytes(new ErrorBody(d.error())));
        return false;
    }

    /** The request's path as the container decoded and normalised it, from the server's root. */
    static String path(HttpServletRequest request) {
        String p = nullToEmpty(request.getContextPath()) + nullToEmpty(request.getServletPath())
                + nullToEmpty(request.getPathInfo());
        return p.isEmpty() ? "/" : p;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /**
     * Whether a request may go on.
     *
     * @param path the request's path without the context path
     * @param remoteAddress the client's IP address
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param clientCertificate whether the TLS connection carried a verified client certificate
     */
    Decision decide(String path, String remoteAddress, String authorization, boolean clientCertificate) {
        if (PING.equals(path) || !protectedPath(path)) {
            return Decision.PASS;
        }
        if (misconfigured != null) {
            return new Decision(503, misconfigured);
        }
        switch (settings.mode()) {
            case NONE:
                return loopback(remoteAddress) ? Decision.PASS : new Decision(403, "authentication is off"
                        + " (api.auth.mode = none), so only clients on this machine's loopback interface are served;"
                        + " set api.auth.mode to api_key or mtls to serve others");
            case API_KEY:
                if (authorization == null || authorization.isBlank()) {
                    return new Decision(401, "this server requires an API key: send the header"
                            + " 'Authorization: Bearer <key>'");
                }
                String a = authorization.trim();
                if (!a.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    return new Decision(401, "the Authorization header must be 'Bearer <key>'");
                }
                byte[] given = a.substring(7).trim().getBytes(StandardCharsets.UTF_8);
                boolean ok = false;
                for (byte[] key : settings.keys()) {
                    // constant time, and every key compared, so timing tells nothing
                    ok |= MessageDigest.isEqual(key, given);
                }
                return ok ? Decision.PASS : new Decision(401, "the API key is not valid");
            case MTLS:
                return clientCertificate ? Decision.PASS : new Decision(401, "this server requires a client"
                        + " certificate (mutual TLS): connect over HTTPS with a certificate its trust store accepts");
            default:
                throw new IllegalStateException(settings.mode().toString());
        }
    }

    private boolean protectedPath(String path) {
        if (path.equals("/api") || path.startsWith("/api/")) {
            return true;
        }
        if (path.equals(MetricsServlet.PATH) || path.startsWith(MetricsServlet.PATH + "/")) {
            return settings == null || settings.metrics();
        }
        return settings == null || settings.ui();
    }

    static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            // a literal address: no lookup happens
            return (address.indexOf(':') >= 0 || Character.isDigit(address.charAt(0)))
                    && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }
}
