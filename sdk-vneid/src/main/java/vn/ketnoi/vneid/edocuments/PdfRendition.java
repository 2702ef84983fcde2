package vn.ketnoi.vneid.edocuments;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * A PDF rendition of a document, bound to the signed document by its SHA-256 digest: the PDF
 * itself travels by other means (the agency's portal, the wallet's own storage), and anyone
 * holding it can check it is the one the agency signed with {@link #matches(byte[])}.
 */
public final class PdfRendition {
    private final String digest;
    private final long size;

    private PdfRendition(String digest, long size) {
        this.digest = digest;
        this.size = size;
    }

    /**
     * The rendition of these PDF bytes.
     *
     * @param pdf the PDF file's bytes; must start with {@code %PDF-}
     * @return the rendition
     */
    public static PdfRendition of(byte[] pdf) {
        if (pdf == null || pdf.length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F'
                || pdf[4] != '-') {
            throw new InvalidInputException("pdf", "is not a PDF file (it must start with %PDF-)");
        }
        return new PdfRendition(sha256(pdf), pdf.length);
    }

    static PdfRendition ofDigest(String digest, long size) {
        return new PdfRendition(digest, size);
    }

    /** {@return base64url (no padding) SHA-256 of the PDF bytes} */
    public String digest() {
        return digest;
    }

    /** {@return the PDF's size in bytes} */
    public long size() {
        return size;
    }

    /**
     * {@return whether these bytes are the PDF this rendition names (size and SHA-256)}
     *
     * @param pdf the bytes received; null matches nothing
     */
    public boolean matches(byte[] pdf) {
        return pdf != null && pdf.length == size && MessageDigest.isEqual(digest.getBytes(
                java.nio.charset.StandardCharsets.US_ASCII), sha256(pdf).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    static String sha256(byte[] data) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "PdfRendition[sha256=" + digest + ", size=" + size + "]";
    }
}
