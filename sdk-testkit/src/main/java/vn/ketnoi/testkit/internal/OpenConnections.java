package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLSocket;

import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnectionFactory;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;

/**
 * HttpCore's default server connection factory, telling {@code onAccept} of each connection it
 * makes and keeping the open ones, so that a test can close them all at once as a restart would
 * ({@code KetnoiSandbox.dropConnections()}), without a word to the clients.
 */
public final class OpenConnections implements HttpConnectionFactory<DefaultBHttpServerConnection> {
    private final DefaultBHttpServerConnectionFactory delegate;
    private final Runnable onAccept;
    private final Set<DefaultBHttpServerConnection> open = ConcurrentHashMap.newKeySet();

    public OpenConnections(boolean tls, Runnable onAccept) {
        this.delegate = new DefaultBHttpServerConnectionFactory(tls ? "https" : "http", Http1Config.DEFAULT,
                CharCodingConfig.DEFAULT);
        this.onAccept = onAccept;
    }

    @Override
    public DefaultBHttpServerConnection createConnection(Socket socket) throws IOException {
        return kept(delegate.createConnection(socket));
    }

    @Override
    public DefaultBHttpServerConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
        return kept(delegate.createConnection(sslSocket, socket));
    }

    private DefaultBHttpServerConnection kept(DefaultBHttpServerConnection c) {
        onAccept.run();
        if (open.size() >= 256) {
            open.removeIf(k -> !k.isOpen()); // closed ones go now and then, so a long run holds few
        }
        open.add(c);
        return c;
    }

    /** Closes every connection still open. */
    public void closeAll() {
        for (DefaultBHttpServerConnection c : open) {
            c.close(CloseMode.GRACEFUL);
        }
        open.clear();
    }
}
