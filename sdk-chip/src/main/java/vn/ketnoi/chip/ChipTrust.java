package vn.ketnoi.chip;

import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.icao.CscaMasterList;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import vn.ketnoi.chip.internal.Der;
import vn.ketnoi.chip.internal.Providers;

/**
 * The country signing CAs (CSCAs) whose document signers are trusted, and the CRLs they
 * published. No public list of Vietnam's CSCA certificates exists, so nothing is built in: the
 * agency configures the certificates it obtained (from the issuing authority, or an ICAO master
 * list). Immutable and thread-safe.
 */
public final class ChipTrust {
    /** id-icao-cscaMasterList. */
    private static final String MASTER_LIST = "2.23.136.1.1.2";

    private final List<X509Certificate> cscas;
    private final List<X509CRL> crls;
    /** Each CRL with the CSCA whose key signed it, found once here; a CRL no CSCA signed is left out. */
    private final java.util.Map<X509CRL, X509Certificate> crlIssuers;

    private ChipTrust(Builder b) {
        this.cscas = List.copyOf(b.cscas);
        this.crls = List.copyOf(b.crls);
        java.util.Map<X509CRL, X509Certificate> issuers = new java.util.IdentityHashMap<>();
        for (X509CRL crl : crls) {
            for (X509Certificate csca : cscas) {
                if (crl.getIssuerX500Principal().equals(csca.getSubjectX500Principal())) {
                    try {
                        crl.verify(csca.getPublicKey());
                        issuers.put(crl, csca);
                        break;
                    } catch (java.security.GeneralSecurityException | RuntimeException e) {
                        // another CSCA of the same name may have signed it
                    }
                }
            }
        }
        this.crlIssuers = java.util.Collections.unmodifiableMap(issuers);
    }

    /** The CRLs {@code csca} signed. */
    List<X509CRL> crlsOf(X509Certificate csca) {
        List<X509CRL> out = new ArrayList<>();
        crlIssuers.forEach((crl, issuer) -> {
            if (issuer.equals(csca)) {
                out.add(crl);
            }
        });
        return out;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the CSCA certificates} */
    public List<X509Certificate> cscas() {
        return cscas;
    }

    /** {@return the configured CRLs} */
    public List<X509CRL> crls() {
        return crls;
    }

    @Override
    public String toString() {
        return "ChipTrust[" + cscas.size() + " CSCA certificates, " + crls.size() + " CRLs]";
    }

    /** Collects CSCA certificates and CRLs. */
    public static final class Builder {
        private final List<X509Certificate> cscas = new ArrayList<>();
        private final List<X509CRL> crls = new ArrayList<>();

        private Builder() {
        }

        /**
         * Trusts a CSCA certificate.
         *
         * @param csca the certificate
         * @return this builder
         */
        public Builder addCsca(X509Certificate csca) {
            if (csca == null) {
                throw new vn.ketnoi.core.exception.InvalidInputException("trust.csca", "is missing");
            }
            cscas.add(csca);
            return this;
        }

        /**
         * Trusts every CSCA certificate of an ICAO master list (ICAO 9303 part 12: a CMS
         * SignedData over a {@code CscaMasterList}). The list's own signature is checked against
         * the signer certificate it carries, as a guard against a damaged file; whether the list
         * comes from a source the agency trusts is the agency's decision, made by configuring it.
         *
         * @param masterList the DER of the master list
         * @return this builder
         * @throws ChipFormatException (field {@code masterList}) when it is not a signed master list
         */
        public Builder addMasterList(byte[] masterList) {
            if (masterList == null) {
                throw new ChipFormatException("masterList", "is missing");
            }
            Der.checkTree(masterList, 0, masterList.length, 0, "masterList");
            try {
                CMSSignedData cms = new CMSSignedData(masterList);
                if (!MASTER_LIST.equals(cms.getSignedContentTypeOID()) || !(cms.getSignedContent().getContent() instanceof byte[] c)) {
                    throw new ChipFormatException("masterList", "is not an ICAO CSCA master list");
                }
                // Without this, a list stripped of its signers would pass: the loop below checks each one there is.
                if (cms.getSignerInfos().getSigners().isEmpty()) {
                    throw new ChipFormatException("masterList", "carries no signature");
                }
                for (SignerInformation s : cms.getSignerInfos().getSigners()) {
                    boolean ok = false;
                    @SuppressWarnings("unchecked")
                    java.util.Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(s.getSID());
                    for (X509CertificateHolder h : matches) {
                        ok |= s.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Providers.BC).build(h));
                    }
                    if (!ok) {
                        throw new ChipFormatException("masterList", "has a signature that does not verify");
                    }
                }
                Der.checkTree(c, 0, c.length, 0, "masterList.content");
                JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
                for (Certificate cert : CscaMasterList.getInstance(ASN1Primitive.fromByteArray(c)).getCertStructs()) {
                    cscas.add(conv.getCertificate(new X509CertificateHolder(cert)));
                }
                return this;
            } catch (ChipFormatException e) {
                throw e;
            } catch (java.io.IOException | CertificateException | org.bouncycastle.cms.CMSException
                     | org.bouncycastle.operator.OperatorCreationException | RuntimeException e) {
                throw new ChipFormatException("masterList", "is not an ICAO CSCA master list (" + e.getClass().getSimpleName() + ")", e);
            }
        }

        /**
         * A CRL published by one of the CSCAs. When a CRL from a signer's CSCA is configured, it
         * must be current and must not list the signer. A CRL that none of the configured CSCAs
         * signed is ignored.
         *
         * @param crl the CRL
         * @return this builder
         */
        public Builder addCrl(X509CRL crl) {
            if (crl == null) {
                throw new vn.ketnoi.core.exception.InvalidInputException("trust.crl", "is missing");
            }
            crls.add(crl);
            return this;
        }

        /** {@return the trust list} */
        public ChipTrust build() {
            if (cscas.isEmpty()) {
                throw new vn.ketnoi.core.exception.InvalidInputException("trust.cscas", "holds no CSCA certificate");
            }
            return new ChipTrust(this);
        }
    }
}
