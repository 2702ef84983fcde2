package vn.ketnoi.core.internal.tls;

import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.hc.core5.http.MessageConstraintException;

/** Names what went wrong in a failed exchange, for the few failures that deserve their own code. */
public final class TlsFailures {
    private TlsFailures() {
    }

    /**
     * The {@code transport.tls-*} code of a TLS failure, or {@code null} when the failure is not about TLS.
     *
     * <ul>
     *   <li>{@code transport.tls-hostname}: the certificate does not name the host connected to;</li>
     *   <li>{@code transport.tls-untrusted} / {@code transport.tls-expired}: the chain leads to no trusted anchor, or is out of date;</li>
     *   <li>{@code transport.tls-certificate-revoked} / {@code transport.tls-certificate-status-unknown}: the
     *       server's certificate is revoked, or its status could not be learnt under hard-fail;</li>
     *   <li>{@code transport.tls-client-certificate}: the server refused our client certificate, or wanted one;</li>
     *   <li>{@code transport.tls-protocol}: no common protocol version (the server wants TLS 1.1 or older, or is not TLS);</li>
     *   <li>{@code transport.tls-handshake}: any other handshake failure.</li>
     * </ul>
     */
    public static String code(Throwable t) {
        boolean ssl = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TlsSetup.RevokedServerCertificate r) {
                return r.revoked() ? "transport.tls-certificate-revoked" : "transport.tls-certificate-status-unknown";
            }
            if (c instanceof TlsSetup.UntrustedServerCertificate u) {
                return u.expired() ? "transport.tls-expired" : "transport.tls-untrusted";
            }
            if (c instanceof SSLPeerUnverifiedException) {
                return "transport.tls-hostname";
            }
            if (c instanceof SSLException) {
                ssl = true;
                String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("protocol_version") || m.contains("no appropriate protocol")
                        || m.contains("unsupported or unrecognized ssl message")) {
                    return "transport.tls-protocol";
                }
                if (m.contains("received fatal alert") && (m.contains("bad_certificate") || m.contains("certificate_required")
                        || m.contains("unknown_ca") || m.contains("certificate_unknown") || m.contains("access_denied")
                        || m.contains("certificate_expired") || m.contains("certificate_revoked")
                        || m.contains("unsupported_certificate"))) {
                    return "transport.tls-client-certificate";
                }
            }
        }
        return ssl ? "transport.tls-handshake" : null;
    }

    /** Whether the failure is a breach of the header limits (count or line length). */
    public static boolean isHeaderLimit(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MessageConstraintException) {
                return true;
            }
        }
        return false;
    }
}
