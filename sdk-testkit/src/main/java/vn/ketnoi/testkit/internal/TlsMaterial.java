package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sandbox's TLS: a CA generated in memory, a server certificate it issues for the names the
 * sandbox is reached by, client certificates for mutual TLS, and the server's SSLContext
 * (TLS 1.3 and 1.2; client certificates checked against this CA when required).
 */
public final class TlsMaterial {
    private static final char[] NO_PASSWORD = "sandbox".toCharArray();

    private final KeyPair caKey = Keys.newEcP256();
    private final X500Name caName;
    private final X509Certificate ca;
    private final KeyPair serverKey = Keys.newEcP256();
    private final X509Certificate server;
    private final RevocationResponder.Authority status;

    /** Material whose certificates name no OCSP responder nor CRL. */
    public TlsMaterial(List<String> serverNames, Instant now) {
        this(serverNames, now, null);
    }

    /**
     * @param responder where the CA's OCSP answers and CRL are served; its URLs go into every leaf
     *                  (null: none)
     */
    public TlsMaterial(List<String> serverNames, Instant now, RevocationResponder responder) {
        this.caName = name("Ketnoi sandbox TLS CA");
        this.ca = issue(caName, caKey.getPublic(), now.minusSeconds(3600), now.plusSeconds(3650L * 86_400), true, null,
                List.of());
        this.status = responder == null ? null : responder.authority("tls", ca, caKey.getPrivate());
        this.server = issue(name(serverNames.get(0)), serverKey.getPublic(), now.minusSeconds(3600),
                now.plusSeconds(365L * 86_400), false, KeyPurposeId.id_kp_serverAuth, serverNames);
    }

    public X509Certificate ca() {
        return ca;
    }

    /** {@return the server's certificate} */
    public X509Certificate server() {
        return server;
    }

    /** Revokes a certificate this CA issued (the server's or a client's). */
    public void revoke(X509Certificate issued) {
        if (status == null) {
            throw new IllegalStateException("these certificates name no responder");
        }
        status.revoke(issued.getSerialNumber());
    }

    /** A client certificate {@code CN=<commonName>} for the key, issued by this CA, valid for a year. */
    public X509Certificate issueClient(String commonName, PublicKey key, Instant now) {
        return issue(name(commonName), key, now.minusSeconds(3600), now.plusSeconds(365L * 86_400), false,
                KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** The server's context; client certificates, when asked for, must chain to this CA. */
    public SSLContext serverContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey.getPrivate(), NO_PASSWORD, new X509Certificate[] {server, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, NO_PASSWORD);
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the sandbox's TLS context", e);
        }
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "VN").addRDN(BCStyle.O, "Ketnoi sandbox")
                .addRDN(BCStyle.CN, cn).build();
    }

    private X509Certificate issue(X500Name subject, PublicKey key, Instant from, Instant to, boolean isCa,
                                  KeyPurposeId purpose, List<String> names) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName,
                    new BigInteger(64, new SecureRandom()).setBit(63), Date.from(from), Date.from(to), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (!isCa && status != null) {
                status.addExtensions(b);
            }
            if (purpose != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (!names.isEmpty()) {
                List<GeneralName> sans = new ArrayList<>();
                for (String n : names) {
                    sans.add(isIpAddress(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
                }
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a sandbox TLS certificate", e);
        }
    }

    private static boolean isIpAddress(String n) {
        if (!n.matches("[0-9.]+|.*:.*")) {
            return false;
        }
        try {
            InetAddress.getByName(n);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
