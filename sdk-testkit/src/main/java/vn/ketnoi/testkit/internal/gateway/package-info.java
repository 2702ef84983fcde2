/**
 * The sandbox gateway's server: an HTTP reverse proxy in the style of a provincial LGSP or the
 * national NDXP, with its own token endpoint, routes by service id, per-application quotas,
 * hop-by-hop header handling, and faults and tampering on command. Behind
 * {@link vn.ketnoi.testkit.SandboxGateway}.
 *
 * <p>Null-marked, as the public packages. Internal: not part of the public API, may change in any
 * release.
 */
@NullMarked
package vn.ketnoi.testkit.internal.gateway;

import org.jspecify.annotations.NullMarked;
