/**
 * The agency-side audit trail: one {@link vn.ketnoi.core.audit.AuditEvent} per call to the
 * population database and VNeID (who asked, for whom by keyed hash, why, which fields, the
 * outcome), delivered to an {@link vn.ketnoi.core.audit.AuditSink}. A crash-safe, tamper-evident
 * {@link vn.ketnoi.core.audit.FileAuditSink} ships with the SDK, and
 * {@link vn.ketnoi.core.audit.AuditTrail} verifies its files (also as a command).
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.audit;

import org.jspecify.annotations.NullMarked;
