package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ExceptionListener;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.internal.crypto.CanonicalUrl;

/**
 * The sandbox's listening socket: HttpCore's classic server on one address and port, plain or
 * TLS (1.3 and 1.2, optionally requiring a client certificate), every request to one handler,
 * every connection counted and kept so that a test can drop them all. Started once, closed once.
 */
public final class SandboxServer {
    private final HttpServer server;
    private final OpenConnections connections;
    private final String issuer;

    private SandboxServer(HttpServer server, OpenConnections connections, String issuer) {
        this.server = server;
        this.connections = connections;
        this.issuer = issuer;
    }

    /**
     * Binds and starts serving.
     *
     * @param tls the server's TLS material, or null for plain HTTP
     * @param onConnection told of each accepted connection
     * @param onRequest told of each request, before the handler
     * @throws IOException when the address cannot be bound
     */
    public static SandboxServer start(String host, int port, TlsMaterial tls, boolean requireClientCertificates,
                                      Runnable onConnection, Consumer<HttpRequest> onRequest,
                                      HttpRequestHandler handler) throws IOException {
        ServerBootstrap boot = ServerBootstrap.bootstrap();
        if (tls != null) {
            boot.setSslContext(tls.serverContext()).setSslSetupHandler(params -> {
                params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setNeedClientAuth(requireClientCertificates);
            });
        }
        OpenConnections counting = new OpenConnections(tls != null, onConnection);
        HttpServer s = boot
                .setLocalAddress(InetAddress.getByName(host))
                .setListenerPort(port)
                .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).build())
                .setExceptionListener(new QuietExceptions())
                .setConnectionFactory(counting)
                .setRequestRouter((request, context) -> {
                    onRequest.accept(request);
                    return handler;
                })
                .create();
        s.start();
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        // Section 5: the issuer in canonical form (a host given as LOCALHOST is written localhost).
        String issuer = CanonicalUrl.issuer((tls != null ? "https://" : "http://") + h + ":" + s.getLocalPort());
        return new SandboxServer(s, counting, issuer);
    }

    /** {@return the base URL in canonical form, the provider's issuer} */
    public String issuer() {
        return issuer;
    }

    /** Closes every open client connection without a word, as a restart would; the server keeps serving. */
    public void dropConnections() {
        connections.closeAll();
    }

    /** Stops at once and waits up to 5 seconds for the workers to end. */
    public void close() {
        server.close(CloseMode.IMMEDIATE);
        try {
            server.awaitTermination(TimeValue.of(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps routine connection ends (client hung up, idle timeout, shutdown) out of the logs. */
    private static final class QuietExceptions implements ExceptionListener {
        // Looked up on first error only: initialising the logging backend would slow start-up.
        private volatile Logger log;

        private Logger log() {
            Logger l = log;
            if (l == null) {
                // The logger name users configure: the public class the server belongs to.
                l = LoggerFactory.getLogger("vn.ketnoi.testkit.KetnoiSandbox");
                log = l;
            }
            return l;
        }

        @Override
        public void onError(Exception ex) {
            if (!(ex instanceof SocketException)) {
                log().debug("sandbox server error", ex);
            }
        }

        @Override
        public void onError(HttpConnection connection, Exception ex) {
            if (!(ex instanceof ConnectionClosedException) && !(ex instanceof SocketException)
                    && !(ex instanceof SocketTimeoutException)) {
                log().debug("sandbox connection error", ex);
            }
        }
    }
}
