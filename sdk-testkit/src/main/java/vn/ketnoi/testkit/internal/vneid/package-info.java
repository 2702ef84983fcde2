/**
 * The sandbox's VNeID identity provider: discovery, PAR, authorization, token, userinfo and CIBA.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.testkit.internal.vneid;

import org.jspecify.annotations.NullMarked;
