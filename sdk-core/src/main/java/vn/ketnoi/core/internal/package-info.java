/**
 * The engine shared by the service modules: the API client that runs a call through the
 * pipeline, the mapping of error answers to exceptions, and the escaping of untrusted text.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal;

import org.jspecify.annotations.NullMarked;
