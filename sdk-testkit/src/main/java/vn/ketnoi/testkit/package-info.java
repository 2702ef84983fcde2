/**
 * The sandbox: a local server that speaks docs/protocol.md as the population database, VNeID
 * and the wallet do, with synthetic citizens, fault injection and a JUnit extension ({@link
 * vn.ketnoi.testkit.KetnoiSandbox}, {@link vn.ketnoi.testkit.KetnoiSandboxExtension}). For tests
 * and local development only: never in production.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.testkit;

import org.jspecify.annotations.NullMarked;
