package vn.ketnoi.chip;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.jspecify.annotations.Nullable;
import vn.ketnoi.chip.internal.ActiveAuth;
import vn.ketnoi.chip.internal.Providers;
import vn.ketnoi.chip.internal.Sod;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.spi.CertificateStatus;
import vn.ketnoi.exchange.ExchangeClient;

/**
 * Verifies a chip dump offline: passive authentication (is the data what the issuing state signed?)
 * and, with a challenge, active authentication (is it the chip itself, not a copy?). Fails closed:
 * any doubt is a verdict other than {@link ChipVerdict#GENUINE}, and the data is handed out only
 * with {@code GENUINE}.
 *
 * <p>Passive authentication, in order, each failure naming its check: the SOD is read
 * ({@code MALFORMED}); its signature verifies with the document signer certificate it carries
 * ({@code SIGNATURE_INVALID}); that certificate was issued by a configured CSCA
 * ({@code UNTRUSTED_CSCA}); signer and CSCA were valid when the SOD was signed (its signing-time
 * attribute, else now) ({@code SIGNER_EXPIRED}); no configured CRL of that CSCA lists the signer,
 * and a configured CRL is current and signed by the CSCA ({@code SIGNER_REVOKED},
 * {@code REVOCATION_UNKNOWN}); every data group in the dump has the hash the SOD states
 * ({@code DATA_GROUP_ALTERED}); DG1 and DG13, when present, can be read ({@code MALFORMED}).
 *
 * <pre>{@code
 * ChipVerifier verifier = ChipVerifier.builder()
 *         .trust(ChipTrust.builder().addCsca(vietnamCsca).build())
 *         .build();
 * ChipVerification v = verifier.verify(ChipDump.fromJson(body));
 * if (v.isGenuine()) {
 *     CitizenData who = v.citizen().orElseThrow();
 * }
 * }</pre>
 *
 * <p><b>Offline or online.</b> With {@link Builder#trust} the checks run here; with
 * {@link Builder#online(ClientConfig, RequestContext)} the dump is sent to a chip-verification service
 * (protocol section 15) that runs them against its own trust list, and the same
 * {@link ChipVerification} comes back. One line of the builder chooses; the rest of the code does
 * not change. Online, the answer is believed only when it is consistent: anything but a GENUINE
 * verdict with the fields of the DG13 sent is a failure or a {@code ResponseVerificationException},
 * never data.
 *
 * Thread-safe; build one and share it. Close it when it is online (offline, closing does nothing).
 */
public final class ChipVerifier implements AutoCloseable {
    /** The online chip-verification service's id (synthetic codes in the sandbox). */
    public static final ServiceId ONLINE_SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/chip-verification/v1");
    /** Where the provider mounts the online service when reached directly. */
    public static final String ONLINE_MOUNT = "/chip-verification/v1";
    /** The OAuth scope of the online service. */
    public static final String ONLINE_SCOPE = "chip-verification";

    private final @Nullable ChipTrust trust;
    private final @Nullable OnlineVerifier online;
    private final Clock clock;
    private final ChallengeIssuer challenges;
    private final @Nullable CertificateStatus revocation;
    private final RevocationOptions.Policy whenUnreachable;
    /**
     * Document signers already chained to a CSCA: a country has a few dozen, and checking a
     * certificate's signature again per card would double the cost of a verification.
     */
    private final Map<X509Certificate, X509Certificate> issuers = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SIGNERS = 1_000;

    private ChipVerifier(Builder b) {
        this.trust = b.trust;
        this.online = b.online;
        this.clock = b.clock;
        this.challenges = b.challenges != null ? b.challenges
                : new ChallengeIssuer(b.clock, java.time.Duration.ofMinutes(1), 100_000);
        this.revocation = b.revocation == null || !b.revocation.enabled() ? null : new CertificateStatus(b.revocation, b.clock);
        this.whenUnreachable = b.revocation == null ? RevocationOptions.Policy.HARD_FAIL : b.revocation.whenUnreachable();
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A fresh one-time challenge for active authentication: from this verifier's issuer, or online
     * from the service, which alone can redeem it.
     *
     * @return the challenge
     */
    public Challenge issueChallenge() {
        return online != null ? online.issueChallenge() : challenges.issue();
    }

    /**
     * {@return the issuer of this verifier's challenges; online, an issuer of this process that the
     * service does not know, so use {@link #issueChallenge()}}
     */
    public ChallengeIssuer challenges() {
        return challenges;
    }

    /**
     * Passive authentication of a dump.
     *
     * @param dump what the app read
     * @return the verdict, and the data when it is GENUINE
     */
    public ChipVerification verify(ChipDump dump) {
        if (dump == null) {
            throw new InvalidInputException("dump", "is missing");
        }
        return online != null ? online.verify(dump, null, null) : passive(dump);
    }

    /**
     * Passive and active authentication: the challenge is redeemed first (it is used up whatever
     * the outcome), then the dump is passively authenticated, then the chip's signature over the
     * challenge is checked with the DG15 key.
     *
     * @param dump what the app read, DG15 included
     * @param challenge the challenge bytes the app sent to the chip
     * @param signature the chip's answer to INTERNAL AUTHENTICATE
     * @return the verdict
     */
    public ChipVerification verify(ChipDump dump, byte[] challenge, byte[] signature) {
        if (dump == null || challenge == null || signature == null) {
            throw new InvalidInputException("activeAuthentication", "needs the dump, the challenge and the signature");
        }
        if (online != null) {
            return online.verify(dump, challenge, signature);
        }
        boolean fresh = challenges.redeem(challenge);
        ChipVerification passive = passive(dump);
        if (!passive.isGenuine()) {
            return passive;
        }
        if (!fresh) {
            return ChipVerification.failed(ChipVerdict.CHALLENGE_REFUSED,
                    "the challenge was not issued by this verifier, was already used, or has expired");
        }
        byte[] dg15 = dump.rawDataGroup(15);
        if (dg15 == null) {
            return ChipVerification.failed(ChipVerdict.ACTIVE_AUTHENTICATION_UNAVAILABLE, "the dump has no DG15 key");
        }
        String ecdsa = null;
        try {
            ActiveAuthenticationKey key = ActiveAuthenticationKey.parseDg15(dg15);
            byte[] dg14 = dump.rawDataGroup(14);
            if (dg14 != null) {
                ecdsa = ChipSecurityInfos.parseDg14(dg14).activeAuthenticationAlgorithm().orElse(null);
            }
            if (!ActiveAuth.verify(key.publicKey(), challenge, signature, ecdsa)) {
                return ChipVerification.failed(ChipVerdict.CLONE_SUSPECTED,
                        "the answer to the challenge does not verify with the DG15 key");
            }
        } catch (ChipFormatException e) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, e.field() + ": " + e.problem());
        }
        return new ChipVerification(ChipVerdict.GENUINE, passive.reason() + "; the chip answered the challenge",
                true, passive.mrz().orElse(null), passive.citizen().orElse(null));
    }

    private ChipVerification passive(ChipDump dump) {
        byte[] raw = dump.rawSod();
        if (raw == null) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, "sod: is missing");
        }
        if (dump.dataGroupNumbers().isEmpty()) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, "dump: holds no data group");
        }
        Sod sod;
        try {
            sod = Sod.parse(raw);
        } catch (ChipFormatException e) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, e.field() + ": " + e.problem());
        }
        X509Certificate signer = null;
        try {
            for (X509Certificate c : sod.certificates()) {
                if (sod.signer().getSID().match(new X509CertificateHolder(c.getEncoded()))) {
                    signer = c;
                }
            }
        } catch (java.io.IOException | java.security.cert.CertificateEncodingException e) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, "sod.certificates: cannot be read");
        }
        if (signer == null) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, "sod.certificates: hold no document signer certificate");
        }
        try {
            // With the key, not the certificate: Bouncy Castle would otherwise judge the certificate's
            // validity itself and report an expired signer as a bad signature.
            if (!sod.signer().verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Providers.BC).build(signer.getPublicKey()))) {
                return ChipVerification.failed(ChipVerdict.SIGNATURE_INVALID, "the SOD's signature does not verify");
            }
        } catch (org.bouncycastle.cms.CMSException | org.bouncycastle.operator.OperatorCreationException | RuntimeException e) {
            return ChipVerification.failed(ChipVerdict.SIGNATURE_INVALID,
                    "the SOD's signature does not verify (" + e.getClass().getSimpleName() + ")");
        }
        X509Certificate csca = issuers.get(signer);
        if (csca == null) {
            csca = CertificateStatus.issuerAmong(signer, trust.cscas());
            if (csca != null) {
                if (issuers.size() >= MAX_SIGNERS) {
                    issuers.clear();
                }
                issuers.put(signer, csca);
            }
        }
        if (csca == null) {
            return ChipVerification.failed(ChipVerdict.UNTRUSTED_CSCA,
                    "the document signer was not issued by a configured CSCA");
        }
        Instant signedAt = signingTime(sod);
        try {
            signer.checkValidity(Date.from(signedAt));
            csca.checkValidity(Date.from(signedAt));
        } catch (GeneralSecurityException e) {
            return ChipVerification.failed(ChipVerdict.SIGNER_EXPIRED,
                    "the document signer or its CSCA was not valid when the SOD was signed");
        }
        ChipVerification revoked = revocation(signer, csca);
        if (revoked != null) {
            return revoked;
        }
        for (int n : dump.dataGroupNumbers()) {
            byte[] expected = sod.hashes().get(n);
            if (expected == null) {
                return ChipVerification.failed(ChipVerdict.DATA_GROUP_ALTERED, "dg" + n + " is not listed in the SOD");
            }
            try {
                byte[] actual = MessageDigest.getInstance(sod.digestAlgorithm()).digest(dump.rawDataGroup(n));
                if (!MessageDigest.isEqual(expected, actual)) {
                    return ChipVerification.failed(ChipVerdict.DATA_GROUP_ALTERED, "dg" + n + " differs from its hash in the SOD");
                }
            } catch (GeneralSecurityException e) {
                return ChipVerification.failed(ChipVerdict.MALFORMED, "sod.hashAlgorithm: is not available");
            }
        }
        try {
            byte[] dg1 = dump.rawDataGroup(1);
            byte[] dg13 = dump.rawDataGroup(13);
            return new ChipVerification(ChipVerdict.GENUINE,
                    "signed by a document signer of a configured CSCA; " + dump.dataGroupNumbers().size()
                            + " data groups match the SOD", false,
                    dg1 == null ? null : Mrz.parseDg1(dg1), dg13 == null ? null : CitizenData.parseDg13(dg13));
        } catch (ChipFormatException e) {
            return ChipVerification.failed(ChipVerdict.MALFORMED, e.field() + ": " + e.problem());
        }
    }

    /** The signed signing-time attribute when present; else now, so a signer that has expired is refused. */
    private Instant signingTime(Sod sod) {
        AttributeTable signed = sod.signer().getSignedAttributes();
        Attribute a = signed == null ? null : signed.get(CMSAttributes.signingTime);
        if (a != null && a.getAttrValues().size() == 1) {
            try {
                return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
            } catch (RuntimeException e) {
                // unreadable: judged at the present time
            }
        }
        return clock.instant();
    }

    private @Nullable ChipVerification revocation(X509Certificate signer, X509Certificate csca) {
        Instant now = clock.instant();
        for (X509CRL crl : trust.crlsOf(csca)) {
            if (crl.isRevoked(signer)) {
                return ChipVerification.failed(ChipVerdict.SIGNER_REVOKED, "a configured CRL of the CSCA lists the document signer");
            }
            if (crl.getNextUpdate() != null && now.isAfter(crl.getNextUpdate().toInstant())) {
                return ChipVerification.failed(ChipVerdict.REVOCATION_UNKNOWN,
                        "the configured CRL of the CSCA is past its next update");
            }
        }
        if (revocation != null) {
            CertificateStatus.Result r = revocation.checkAlways(signer, csca);
            if (r.outcome() == CertificateStatus.Outcome.REVOKED) {
                return ChipVerification.failed(ChipVerdict.SIGNER_REVOKED, "the CSCA's " + r.reason());
            }
            if (r.outcome() == CertificateStatus.Outcome.UNKNOWN) {
                if (whenUnreachable == RevocationOptions.Policy.HARD_FAIL) {
                    return ChipVerification.failed(ChipVerdict.REVOCATION_UNKNOWN, r.reason());
                }
                CertificateStatus.warnOnce(signer, "a chip's document signer", r);
            }
        }
        return null;
    }

    /** Closes the online client and its runtime when it made one; offline, does nothing. */
    @Override
    public void close() {
        if (online != null) {
            online.close();
        }
    }

    /** Configures a {@link ChipVerifier}. */
    public static final class Builder {
        private @Nullable ChipTrust trust;
        private Clock clock = Clock.systemUTC();
        private @Nullable ChallengeIssuer challenges;
        private @Nullable RevocationOptions revocation;
        private ExchangeClient.@Nullable Builder exchange;
        private @Nullable RequestContext context;
        private @Nullable OnlineVerifier online;

        private Builder() {
        }

        /**
         * Verify online instead of here: the dump goes to the chip-verification service
         * ({@link #ONLINE_SERVICE}, scope {@link #ONLINE_SCOPE}) with this configuration's token,
         * signatures, routes and gateways, on a runtime of its own. Instead of {@link #trust}.
         *
         * @param config the client configuration
         * @param context the purpose and operator of every online call, such as
         *                {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")}
         * @return this builder
         */
        public Builder online(ClientConfig config, RequestContext context) {
            if (config == null) {
                throw new InvalidInputException("config", "is required");
            }
            return online(ExchangeClient.builder(config), context);
        }

        /**
         * Verify online, on a runtime shared with other clients. Instead of {@link #trust}.
         *
         * @param runtime the shared runtime
         * @param context the purpose and operator of every online call
         * @return this builder
         */
        public Builder online(KetnoiRuntime runtime, RequestContext context) {
            if (runtime == null) {
                throw new InvalidInputException("runtime", "is required");
            }
            return online(ExchangeClient.builder(runtime), context);
        }

        private Builder online(ExchangeClient.Builder client, @Nullable RequestContext context) {
            if (context == null) {
                throw new InvalidInputException("context", "is required: the purpose and operator of the online calls");
            }
            this.exchange = client;
            this.context = context;
            return this;
        }

        /**
         * The CSCAs and CRLs to trust. Required.
         *
         * @param trust the trust list
         * @return this builder
         */
        public Builder trust(ChipTrust trust) {
            this.trust = trust;
            return this;
        }

        /**
         * The clock validity and challenge lifetimes are judged by; UTC system clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new InvalidInputException("chip.clock", "is missing");
            }
            this.clock = clock;
            return this;
        }

        /**
         * The challenge issuer; by default one with a one-minute lifetime on this builder's clock.
         *
         * @param challenges the issuer
         * @return this builder
         */
        public Builder challenges(ChallengeIssuer challenges) {
            this.challenges = challenges;
            return this;
        }

        /**
         * Also ask the document signer's CSCA, over the network, whether the signer is revoked
         * (OCSP or the CRL its certificate names), besides the configured CRLs. Off by default:
         * document signers rarely name a reachable responder. Under {@code HARD_FAIL} an unknown
         * status gives {@link ChipVerdict#REVOCATION_UNKNOWN}.
         *
         * @param options the revocation options of sdk-core
         * @return this builder
         */
        public Builder revocation(RevocationOptions options) {
            this.revocation = options;
            return this;
        }

        /** {@return the verifier} */
        public ChipVerifier build() {
            if (exchange != null) {
                if (trust != null || challenges != null || revocation != null) {
                    throw new InvalidInputException("chip.online", "excludes trust, challenges and revocation:"
                            + " the service verifies with its own");
                }
                online = new OnlineVerifier(exchange.mount(ONLINE_SERVICE, ONLINE_MOUNT).scopes(ONLINE_SCOPE)
                        .context(context).build());
                return new ChipVerifier(this);
            }
            if (trust == null) {
                throw new InvalidInputException("chip.trust", "is missing: configure the CSCA certificates to trust,"
                        + " or verify online(...)");
            }
            return new ChipVerifier(this);
        }
    }
}
