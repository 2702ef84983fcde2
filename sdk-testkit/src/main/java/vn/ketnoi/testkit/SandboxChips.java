package vn.ketnoi.testkit;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;

import vn.ketnoi.testkit.internal.chip.ChipFactory;

/**
 * The chips of the synthetic citizens' ID cards (CCCD), for tests of chip verification: a test
 * country signing CA (CSCA) with its document signers, CRL and ICAO master list, and per citizen a
 * chip whose files are signed as a real card's are, or broken in one way ({@link Variant}). Keys
 * are made when the sandbox first needs them and live in memory only. Thread-safe.
 */
public final class SandboxChips {
    /** One way a chip is broken; each gives one verdict. */
    public enum Variant {
        /** A good chip: every check passes. */
        GENUINE,
        /** DG13 changed after the SOD was signed (the name has a word added). */
        ALTERED_DATA_GROUP,
        /** One bit of the SOD's signature flipped. */
        BAD_SIGNATURE,
        /** Signed by a document signer valid only 2010 to 2012. */
        EXPIRED_SIGNER,
        /** Signed by a document signer the CSCA's CRL lists. */
        REVOKED_SIGNER,
        /** Signed by a document signer under a CSCA no verifier is told to trust. */
        UNKNOWN_CSCA,
        /** The genuine files, but the chip answering challenges holds another key: a clone. */
        CLONE
    }

    private final ChipFactory factory;

    SandboxChips(Clock clock) {
        this.factory = new ChipFactory(clock);
    }

    /** {@return the test CSCA certificate, the trust anchor a verifier is configured with} */
    public X509Certificate csca() {
        return factory.csca();
    }

    /** {@return the CSCA of {@link Variant#UNKNOWN_CSCA}'s signer; not to be trusted} */
    public X509Certificate unknownCsca() {
        return factory.unknownCsca();
    }

    /** {@return the CSCA's CRL, valid 30 days from the sandbox's start, listing the revoked signer} */
    public X509CRL crl() {
        return factory.crl();
    }

    /** {@return an ICAO CSCA master list (CMS SignedData) holding {@link #csca()}} */
    public byte[] masterList() {
        return factory.masterList();
    }

    /**
     * The genuine chip of a citizen's card, with an ECDSA active-authentication key.
     *
     * @param citizen a citizen with a card
     * @return the chip
     */
    public SandboxChip chip(SyntheticCitizen citizen) {
        return chip(citizen, Variant.GENUINE, false);
    }

    /**
     * A chip of a citizen's card.
     *
     * @param citizen a citizen with a card
     * @param variant what is wrong with it
     * @param rsaActiveAuthentication RSA (ISO/IEC 9796-2) instead of ECDSA for active authentication
     * @return the chip
     * @throws IllegalArgumentException when the citizen has no card
     */
    public SandboxChip chip(SyntheticCitizen citizen, Variant variant, boolean rsaActiveAuthentication) {
        SyntheticIdCard card = citizen.idCard();
        if (card == null) {
            throw new IllegalArgumentException("the citizen has no chip-based ID card");
        }
        ChipFactory.Holder h = new ChipFactory.Holder(citizen.idNumber(), citizen.fullName(), citizen.birthDate(),
                citizen.sex().equals("FEMALE"), "Việt Nam", citizen.ethnicity(), citizen.religion(),
                citizen.placeOfOrigin() == null ? null : citizen.placeOfOrigin().text(),
                citizen.permanentResidence() == null ? null : citizen.permanentResidence().text(),
                card.issueDate(), card.expiryDate(),
                citizen.father() == null ? null : citizen.father().fullName(),
                citizen.mother() == null ? null : citizen.mother().fullName(),
                citizen.spouse() == null ? null : citizen.spouse().fullName(), citizen.oldIdNumber());
        ChipFactory.Chip c = factory.chip(h, ChipFactory.Variant.valueOf(variant.name()), rsaActiveAuthentication);
        return new SandboxChip(c.files(), c.aaKey(), variant);
    }
}
