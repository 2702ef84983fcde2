/**
 * The sandbox: a local server that speaks docs/protocol.md as the population database, VNeID
 * and the wallet do, with synthetic citizens, fault injection and a JUnit extension ({@link
 * vn.ketnoi.testkit.KetnoiSandbox}, {@link vn.ketnoi.testkit.KetnoiSandboxExtension}). For tests
 * and local development only: never in production.
 *
 * <p><b>An independent oracle.</b> The sandbox is a second reading of docs/protocol.md, written
 * without the SDK's engine: its identity rules (province codes, ID-number checks, partial dates,
 * name folding), its signature and token checks are its own code, not sdk-core's. That is what makes
 * a test of the SDK against the sandbox worth anything: a misreading of the protocol shows up as a
 * disagreement instead of being shared by both sides. Tests in this module hold the sandbox's
 * tables and rules to core's ({@code OracleAgreementTest}); where they differ, the protocol's text
 * decides which side is fixed.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.testkit;

import org.jspecify.annotations.NullMarked;
