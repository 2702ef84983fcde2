/**
 * VNeID e-documents: issuing signed documents into the citizen's VNeID wallet exactly once,
 * managing their status, verifying callbacks, and verifying presented documents offline.
 *
 * <p>Start with {@link vn.ketnoi.vneid.edocuments.EdocumentsClient} to issue and manage documents,
 * {@link vn.ketnoi.vneid.edocuments.DocumentVerifier} to check the documents citizens present, and
 * {@link vn.ketnoi.vneid.edocuments.CallbackVerifier} to check the status callbacks the wallet sends.
 * The wire protocol is {@code docs/protocol.md} section 10.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.vneid.edocuments;

import org.jspecify.annotations.NullMarked;
