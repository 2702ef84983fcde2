package vn.ketnoi.testkit.internal.chip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.icao.CscaMasterList;
import org.bouncycastle.asn1.icao.DataGroupHash;
import org.bouncycastle.asn1.icao.LDSSecurityObject;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.signers.ISO9796d2Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Makes the files of a CCCD chip for a synthetic citizen, as the real card lays them out
 * (docs/chip.md, "The sandbox's chips", marks which parts of the layout are assumed): a test CSCA,
 * document signers under it (a good one, an expired one, a revoked one, one under a CSCA no
 * verifier trusts), a CRL, an ICAO master list, and per chip EF.COM, DG1, DG2, DG13, DG14, DG15
 * and an SOD signed over them. Each {@link Variant} breaks exactly one thing.
 */
public final class ChipFactory {
    /** What is wrong with a chip. */
    public enum Variant { GENUINE, ALTERED_DATA_GROUP, BAD_SIGNATURE, EXPIRED_SIGNER, REVOKED_SIGNER, UNKNOWN_CSCA, CLONE }

    /** The OID this sandbox puts in DG13's header. Assumed: the real card's value is not public. */
    public static final String DG13_OID = "2.23.136.1.1.99";
    private static final String LDS_SECURITY_OBJECT = "2.23.136.1.1.1";
    private static final String MASTER_LIST = "2.23.136.1.1.2";
    private static final String AA_PROTOCOL = "2.23.136.1.1.5";
    private static final String ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3";
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** One chip: its files by name ({@code com}, {@code sod}, {@code dg1}...) and its active-authentication key. */
    public record Chip(Map<String, byte[]> files, PrivateKey aaKey) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final KeyPair cscaKey = ec();
    private final X509Certificate csca;
    private final KeyPair otherCscaKey = ec();
    private final X509Certificate otherCsca;
    private final KeyPair signerKey = ec();
    private final X509Certificate signer;
    private final KeyPair expiredKey = ec();
    private final X509Certificate expiredSigner;
    private final KeyPair revokedKey = ec();
    private final X509Certificate revokedSigner;
    private final KeyPair strayKey = ec();
    private final X509Certificate straySigner;
    private final X509CRL crl;
    private final byte[] masterList;

    /**
     * The CSCA and its document signers. Signers are valid 2015 to 2040 (the expired one 2010 to
     * 2012), so cards issued from 2016, signed on their issue day, fall inside them.
     */
    public ChipFactory(Clock clock) {
        this.clock = clock;
        Instant from = Instant.parse("2014-01-01T00:00:00Z");
        Instant to = Instant.parse("2045-01-01T00:00:00Z");
        X500Name cscaName = new X500Name("C=VN,O=Ketnoi sandbox,CN=Ketnoi sandbox CSCA");
        this.csca = cert(cscaName, cscaName, cscaKey.getPublic(), cscaKey.getPrivate(), from, to, true);
        X500Name otherName = new X500Name("C=VN,O=Somebody else,CN=Unknown CSCA");
        this.otherCsca = cert(otherName, otherName, otherCscaKey.getPublic(), otherCscaKey.getPrivate(), from, to, true);
        Instant dsFrom = Instant.parse("2015-01-01T00:00:00Z");
        Instant dsTo = Instant.parse("2040-01-01T00:00:00Z");
        this.signer = cert(cscaName, new X500Name("C=VN,O=Ketnoi sandbox,CN=Document Signer 1"),
                signerKey.getPublic(), cscaKey.getPrivate(), dsFrom, dsTo, false);
        this.expiredSigner = cert(cscaName, new X500Name("C=VN,O=Ketnoi sandbox,CN=Document Signer 2010"),
                expiredKey.getPublic(), cscaKey.getPrivate(), Instant.parse("2010-01-01T00:00:00Z"),
                Instant.parse("2012-12-31T00:00:00Z"), false);
        this.revokedSigner = cert(cscaName, new X500Name("C=VN,O=Ketnoi sandbox,CN=Document Signer revoked"),
                revokedKey.getPublic(), cscaKey.getPrivate(), dsFrom, dsTo, false);
        this.straySigner = cert(otherName, new X500Name("C=VN,O=Somebody else,CN=Document Signer"),
                strayKey.getPublic(), otherCscaKey.getPrivate(), dsFrom, dsTo, false);
        this.crl = makeCrl();
        this.masterList = makeMasterList();
    }

    public X509Certificate csca() {
        return csca;
    }

    public X509Certificate unknownCsca() {
        return otherCsca;
    }

    public X509Certificate documentSigner() {
        return signer;
    }

    public X509CRL crl() {
        return crl;
    }

    public byte[] masterList() {
        return masterList.clone();
    }

    /** Facts of one card, as plain values (the public SyntheticCitizen stays out of internals). */
    public record Holder(String idNumber, String fullName, String birthDate, boolean female, String nationality,
                         String ethnicity, String religion, String placeOfOrigin, String residence,
                         String issueDate, String expiryDate, String father, String mother, String spouse,
                         String oldIdNumber) {
    }

    /** A chip for the holder, broken as {@code variant} says; RSA active authentication when {@code rsa}. */
    public Chip chip(Holder h, Variant variant, boolean rsa) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        KeyPair aa = rsa ? rsa1024() : ec();
        files.put("dg1", dg1(h));
        files.put("dg2", dg2(h));
        files.put("dg13", dg13(h, h.fullName()));
        files.put("dg14", tlv(0x6E, der(new DERSet(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1ObjectIdentifier(AA_PROTOCOL), new ASN1Integer(1), new ASN1ObjectIdentifier(ECDSA_PLAIN_SHA256)})))));
        files.put("dg15", tlv(0x6F, aa.getPublic().getEncoded()));
        files.put("com", tlv(0x60, concat(tlv(0x5F01, bytes("0107")), tlv(0x5F36, bytes("040000")),
                tlv(0x5C, new byte[] {0x61, 0x75, 0x6D, 0x6E, 0x6F}))));
        Instant signedAt = LocalDate.parse(h.issueDate()).atTime(12, 0).toInstant(ZoneOffset.UTC);
        KeyPair key = switch (variant) {
            case EXPIRED_SIGNER -> expiredKey;
            case REVOKED_SIGNER -> revokedKey;
            case UNKNOWN_CSCA -> strayKey;
            default -> signerKey;
        };
        X509Certificate cert = switch (variant) {
            case EXPIRED_SIGNER -> expiredSigner;
            case REVOKED_SIGNER -> revokedSigner;
            case UNKNOWN_CSCA -> straySigner;
            default -> signer;
        };
        byte[] sod = sod(files, key.getPrivate(), cert, signedAt);
        if (variant == Variant.BAD_SIGNATURE) {
            sod[sod.length - 5] ^= 0x01; // inside the signature value, the SignerInfo's last field
        }
        files.put("sod", sod);
        if (variant == Variant.ALTERED_DATA_GROUP) {
            // Signed over the true name, then the name changed: what an editor of the dump would do.
            files.put("dg13", dg13(h, h.fullName() + " An"));
        }
        PrivateKey chipKey = variant == Variant.CLONE ? (rsa ? rsa1024() : ec()).getPrivate() : aa.getPrivate();
        return new Chip(files, chipKey);
    }

    /** The chip's answer to INTERNAL AUTHENTICATE with {@code challenge}. */
    public static byte[] answer(PrivateKey aaKey, byte[] challenge) {
        try {
            if (aaKey.getAlgorithm().equals("RSA")) {
                ISO9796d2Signer s = new ISO9796d2Signer(new RSAEngine(), new SHA1Digest(), true);
                s.init(true, PrivateKeyFactory.createKey(aaKey.getEncoded()));
                byte[] nonce = new byte[1024 / 8 - 20 - 2];
                new SecureRandom().nextBytes(nonce);
                s.update(nonce, 0, nonce.length);
                s.update(challenge, 0, challenge.length);
                return s.generateSignature();
            }
            Signature s = Signature.getInstance("SHA256withPLAIN-ECDSA", BC);
            s.initSign(aaKey);
            s.update(challenge);
            return s.sign();
        } catch (IOException | GeneralSecurityException | org.bouncycastle.crypto.CryptoException e) {
            throw new IllegalStateException("cannot answer the challenge", e);
        }
    }

    private byte[] dg1(Holder h) {
        String id = h.idNumber();
        String doc = id.substring(3);
        String l1 = "IDVNM" + doc + check(doc) + pad(id, 15);
        LocalDate expiry = h.expiryDate() == null ? LocalDate.of(2099, 12, 31) : LocalDate.parse(h.expiryDate());
        String birth = mrzBirth(h.birthDate());
        String exp = expiry.format(DateTimeFormatter.ofPattern("yyMMdd"));
        String l2 = birth + check(birth) + (h.female() ? "F" : "M") + exp + check(exp) + "VNM" + "<".repeat(11);
        l2 = l2 + check(l1.substring(5, 30) + l2.substring(0, 7) + l2.substring(8, 15) + l2.substring(18, 29));
        String[] words = ascii(h.fullName()).split(" ");
        StringBuilder name = new StringBuilder(words[0]).append("<<");
        for (int i = 1; i < words.length; i++) {
            name.append(i > 1 ? "<" : "").append(words[i]);
        }
        String l3 = pad(name.length() > 30 ? name.substring(0, 30) : name.toString(), 30);
        return tlv(0x61, tlv(0x5F1F, bytes(l1 + l2 + l3)));
    }

    private static String mrzBirth(String iso) {
        String yy = iso.substring(2, 4);
        String mm = iso.length() >= 7 ? iso.substring(5, 7) : "<<";
        String dd = iso.length() == 10 ? iso.substring(8, 10) : "<<";
        return yy + mm + dd;
    }

    private static String ascii(String name) {
        String n = Normalizer.normalize(name.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return n.toUpperCase(Locale.ROOT).replaceAll("[^A-Z ]", "").trim().replaceAll(" +", " ");
    }

    private static String pad(String s, int n) {
        return (s + "<".repeat(n)).substring(0, n);
    }

    private static char check(String s) {
        int[] w = {7, 3, 1};
        int sum = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sum += (c == '<' ? 0 : c <= '9' ? c - '0' : c - 'A' + 10) * w[i % 3];
        }
        return (char) ('0' + sum % 10);
    }

    /** A face record: ICAO templates around an ISO/IEC 19794-5 record around a tiny stand-in JPEG. */
    private byte[] dg2(Holder h) {
        byte[] jpeg = new byte[600];
        new Random(h.idNumber().hashCode()).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        jpeg[jpeg.length - 2] = (byte) 0xFF;
        jpeg[jpeg.length - 1] = (byte) 0xD9;
        int block = 20 + 12 + jpeg.length;
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        r.writeBytes(new byte[] {'F', 'A', 'C', 0, '0', '1', '0', 0});
        r.writeBytes(u32(14 + block));
        r.writeBytes(new byte[] {0, 1});
        r.writeBytes(u32(block));
        r.writeBytes(new byte[16]); // no feature points; gender, eyes, hair, mask, expression, pose: unspecified
        r.writeBytes(new byte[] {1, 0, 0x01, (byte) 0xE0, 0x01, (byte) 0x68, 1, 0, 0, 0, 0, 0}); // 480x360 JPEG
        r.writeBytes(jpeg);
        byte[] header = tlv(0xA1, concat(tlv(0x80, new byte[] {1, 1}), tlv(0x87, new byte[] {1, 1}),
                tlv(0x88, new byte[] {0, 8})));
        return tlv(0x75, tlv(0x7F61, concat(tlv(0x02, new byte[] {1}),
                tlv(0x7F60, concat(header, tlv(0x5F2E, r.toByteArray()))))));
    }

    private static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /**
     * DG13: {@code 6D { SEQUENCE { INTEGER 1, OID, SET { SEQUENCE { INTEGER n, UTF8String... } } } }},
     * dates dd/MM/yyyy (a partial date of birth as MM/yyyy or yyyy), field 13 the father's then the
     * mother's name, 15 empty and 16 the old ID number (both assumed).
     */
    private byte[] dg13(Holder h, String fullName) {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        field(fields, 1, h.idNumber());
        field(fields, 2, fullName);
        field(fields, 3, slashed(h.birthDate()));
        field(fields, 4, h.female() ? "Nữ" : "Nam");
        field(fields, 5, h.nationality());
        field(fields, 6, h.ethnicity());
        field(fields, 7, h.religion());
        field(fields, 8, h.placeOfOrigin());
        field(fields, 9, h.residence());
        field(fields, 10, "Nốt ruồi C:1cm trên trước mép trái");
        field(fields, 11, LocalDate.parse(h.issueDate()).format(SLASHED));
        field(fields, 12, h.expiryDate() == null ? "Không thời hạn" : LocalDate.parse(h.expiryDate()).format(SLASHED));
        field(fields, 13, h.father() == null ? "" : h.father(), h.mother() == null ? "" : h.mother());
        field(fields, 14, h.spouse() == null ? "" : h.spouse());
        field(fields, 15, "");
        field(fields, 16, h.oldIdNumber() == null ? "" : h.oldIdNumber());
        DERSequence body = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(1),
                new ASN1ObjectIdentifier(DG13_OID), new DERSet(fields)});
        return tlv(0x6D, der(body));
    }

    private static void field(ASN1EncodableVector v, int n, String... values) {
        ASN1EncodableVector f = new ASN1EncodableVector();
        f.add(new ASN1Integer(n));
        for (String s : values) {
            f.add(new DERUTF8String(s == null ? "" : s));
        }
        v.add(new DERSequence(f));
    }

    private static String slashed(String iso) {
        return switch (iso.length()) {
            case 4 -> iso;
            case 7 -> iso.substring(5, 7) + "/" + iso.substring(0, 4);
            default -> LocalDate.parse(iso).format(SLASHED);
        };
    }

    private byte[] sod(Map<String, byte[]> files, PrivateKey key, X509Certificate cert, Instant signedAt) {
        try {
            List<DataGroupHash> hashes = new ArrayList<>();
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                if (e.getKey().startsWith("dg")) {
                    hashes.add(new DataGroupHash(Integer.parseInt(e.getKey().substring(2)),
                            new DEROctetString(MessageDigest.getInstance("SHA-256").digest(e.getValue()))));
                }
            }
            LDSSecurityObject lso = new LDSSecurityObject(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
                    hashes.toArray(new DataGroupHash[0]));
            Hashtable<ASN1ObjectIdentifier, Attribute> attrs = new Hashtable<>();
            attrs.put(CMSAttributes.signingTime, new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signedAt)))));
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attrs)))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key), cert));
            gen.addCertificate(new X509CertificateHolder(cert.getEncoded()));
            CMSSignedData signed = gen.generate(new CMSProcessableByteArray(new ASN1ObjectIdentifier(LDS_SECURITY_OBJECT),
                    lso.getEncoded(ASN1Encoding.DER)), true);
            return tlv(0x77, signed.toASN1Structure().getEncoded(ASN1Encoding.DER));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the SOD", e);
        }
    }

    private X509Certificate cert(X500Name issuer, X500Name subject, java.security.PublicKey key, PrivateKey signWith,
                                 Instant from, Instant to, boolean ca) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).setBit(63),
                    Date.from(from), Date.from(to), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signWith)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a certificate", e);
        }
    }

    private X509CRL makeCrl() {
        try {
            Instant now = clock.instant();
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(csca.getSubjectX500Principal().getEncoded()),
                    Date.from(now.minus(Duration.ofDays(1))));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
            b.addCRLEntry(revokedSigner.getSerialNumber(), Date.from(now.minus(Duration.ofDays(2))), CRLReason.keyCompromise);
            return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(cscaKey.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the CRL", e);
        }
    }

    /** An ICAO master list holding the CSCA, signed by a master-list signer the CSCA issued. */
    private byte[] makeMasterList() {
        try {
            KeyPair mls = ec();
            X509Certificate mlsCert = cert(X500Name.getInstance(csca.getSubjectX500Principal().getEncoded()),
                    new X500Name("C=VN,O=Ketnoi sandbox,CN=Master List Signer"), mls.getPublic(), cscaKey.getPrivate(),
                    Instant.parse("2015-01-01T00:00:00Z"), Instant.parse("2040-01-01T00:00:00Z"), false);
            CscaMasterList list = new CscaMasterList(new org.bouncycastle.asn1.x509.Certificate[] {
                    org.bouncycastle.asn1.x509.Certificate.getInstance(csca.getEncoded())});
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(mls.getPrivate()), mlsCert));
            gen.addCertificate(new X509CertificateHolder(mlsCert.getEncoded()));
            return gen.generate(new CMSProcessableByteArray(new ASN1ObjectIdentifier(MASTER_LIST), list.getEncoded(ASN1Encoding.DER)), true)
                    .toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the master list", e);
        }
    }

    private static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa1024() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Object o) {
        try {
            return o.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** BER-TLV with a one- or two-byte tag and a definite length. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (tag > 0xFF) {
            out.write(tag >>> 8);
        }
        out.write(tag & 0xFF);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n & 0xFF);
        } else {
            out.write(0x83);
            out.write(n >>> 16);
            out.write((n >>> 8) & 0xFF);
            out.write(n & 0xFF);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
