/**
 * The transports (Apache HttpClient 5, synchronous and asynchronous), deadlines, body limits
 * and the https-or-loopback rule for every URL the SDK calls.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.http;

import org.jspecify.annotations.NullMarked;
