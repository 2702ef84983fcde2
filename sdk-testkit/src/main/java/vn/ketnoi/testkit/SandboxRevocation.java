package vn.ketnoi.testkit;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

import vn.ketnoi.testkit.internal.RevocationResponder;

/**
 * The sandbox's certificate-status service: an OCSP responder (RFC 6960) and CRLs (RFC 5280) for
 * its certification authorities, the TLS CA of {@link KetnoiSandbox.Builder#https()} (server and
 * client certificates) and the document-signing CA of {@link SandboxWallet}. Every certificate
 * those CAs issue names the responder (Authority Information Access) and its CRL (CRL
 * distribution point); both are served over plain HTTP on loopback, as CAs do, and signed by the
 * CA. Revocation on command; faults on command.
 *
 * <pre>{@code
 * sandbox.revocation().revoke(sandbox.tlsServerCertificate());   // OCSP says revoked, the CRL lists it
 * sandbox.revocation().unreachable(true);                         // the responder drops every request
 * }</pre>
 */
public final class SandboxRevocation {
    private final RevocationResponder responder;
    private final KetnoiSandbox sandbox;

    SandboxRevocation(RevocationResponder responder, KetnoiSandbox sandbox) {
        this.responder = responder;
        this.sandbox = sandbox;
    }

    /**
     * Revokes a certificate one of the sandbox's CAs issued (a TLS server or client certificate,
     * or a document-signing certificate), as of now.
     *
     * @param certificate the certificate
     * @throws IllegalArgumentException when no sandbox CA issued it
     */
    public void revoke(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        for (String ca : new String[] {"tls", "documents"}) {
            RevocationResponder.Authority a = responder.authority(ca);
            if (a != null && a.issued(certificate)) {
                a.revoke(certificate.getSerialNumber());
                return;
            }
        }
        throw new IllegalArgumentException("no CA of this sandbox issued " + certificate.getSubjectX500Principal());
    }

    /** Revokes the sandbox's own TLS server certificate ({@code https()} sandboxes only). */
    public void revokeTlsCertificate() {
        revoke(sandbox.tlsServerCertificate());
    }

    /**
     * Makes the OCSP responder and the CRL server unreachable (each request is dropped without an
     * answer), or reachable again.
     *
     * @param unreachable true to drop requests
     */
    public void unreachable(boolean unreachable) {
        responder.ocspUnreachable(unreachable);
        responder.crlUnreachable(unreachable);
    }

    /**
     * Makes only the OCSP responder unreachable, so that clients fall back to the CRL.
     *
     * @param unreachable true to drop OCSP requests
     */
    public void ocspUnreachable(boolean unreachable) {
        responder.ocspUnreachable(unreachable);
    }

    /**
     * Delays every answer (OCSP and CRL) by this long; {@link Duration#ZERO} to stop.
     *
     * @param delay the delay
     */
    public void slow(Duration delay) {
        responder.delay(Objects.requireNonNull(delay, "delay"));
    }

    /** {@return how many OCSP requests reached the responder} */
    public int ocspRequests() {
        return responder.ocspRequests();
    }

    /** {@return how many CRL downloads were asked for} */
    public int crlRequests() {
        return responder.crlRequests();
    }

    @Override
    public String toString() {
        return "SandboxRevocation[ocspRequests=" + ocspRequests() + ", crlRequests=" + crlRequests() + "]";
    }
}
