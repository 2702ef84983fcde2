/**
 * The service-provider tier of sdk-core: for Ketnoi's own service modules (sdk-population,
 * sdk-vneid, and the integrations); not for applications; may change in minor versions.
 *
 * <p>A service module describes operations and maps their answers; it reaches the network only
 * through the two profiles of the one pipeline, on a runtime it may share with other clients
 * ({@link vn.ketnoi.core.KetnoiRuntime}):
 * <ul>
 *   <li>{@link vn.ketnoi.core.spi.ApiClient}: the signed profile (token, exchange headers,
 *       request signature, response verification), with the async bridge, the common headers
 *       (from a {@link vn.ketnoi.core.RequestContext}, the one rule for purpose, operator id and
 *       case number, resolved between a request and its client's default in one place) and the
 *       {@code response.malformed} exception;</li>
 *   <li>{@link vn.ketnoi.core.spi.PlainClient}: the plain profile (interceptors, trace context,
 *       resilience that never repeats one-time values), for VNeID, key sets and status lists;</li>
 *   <li>{@link vn.ketnoi.core.spi.ProviderJws}: the one verifier of provider-signed objects;</li>
 *   <li>{@link vn.ketnoi.core.spi.ClientAssertions}: the one client-assertion policy;</li>
 *   <li>{@link vn.ketnoi.core.spi.PemKeys}: the one reader of PEM private keys.</li>
 * </ul>
 *
 * <p>A module with configuration keys of its own declares them with
 * {@link vn.ketnoi.core.spi.ConfigKeys}, found by {@link vn.ketnoi.core.config.ConfigLoader}.
 *
 * <p>Everything under {@code vn.ketnoi.core.internal} is sdk-core's own: an ArchUnit test
 * ({@code security-tests} {@code CoreBoundaryTest}) fails the build on any other module's use of
 * it beyond an explicit, shrinking allow-list. The public-API check ({@code api-check} profile,
 * {@code docs/compatibility.md}) reports changes to this package separately from the public API's
 * and does not hold them to semantic versioning.
 */
package vn.ketnoi.core.spi;
