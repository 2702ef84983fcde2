package vn.ketnoi.security;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLServerSocket;

import vn.ketnoi.testkit.internal.TlsMaterial;

/**
 * A server that speaks only TLS 1.1, run in a child JVM whose security properties re-enable it
 * (the test JVM's stay untouched). Prints its port, then handshakes with whoever connects.
 */
public final class LegacyTlsServer {
    private LegacyTlsServer() {
    }

    public static void main(String[] args) throws Exception {
        TlsMaterial tls = new TlsMaterial(List.of("127.0.0.1", "localhost"), Instant.now());
        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(new String[] {"TLSv1.1"});
            System.out.println("PORT " + server.getLocalPort());
            System.out.flush();
            while (true) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.read();
                } catch (java.io.IOException e) {
                    // The client refuses the protocol: expected.
                }
            }
        }
    }
}
