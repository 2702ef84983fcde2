/**
 * VNeID e-documents: issuing signed documents into the citizen's VNeID wallet exactly once,
 * managing their status, verifying callbacks, and verifying presented documents offline.
 *
 * <p>Start with {@link vn.ketnoi.vneid.edocuments.EdocumentsClient} to issue and manage documents,
 * and (to come) a verifier of documents citizens show.
 * The wire protocol is {@code docs/protocol.md} section 10.
 */
package vn.ketnoi.vneid.edocuments;
