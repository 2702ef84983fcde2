/**
 * Wire profiles: how {@link vn.ketnoi.population.PopulationClient} carries lookup, verify and
 * household to the population database ({@code docs/wire-profiles.md}).
 *
 * <p>The default profile is the Ketnoi protocol ({@code docs/protocol.md}): every request signed
 * by the agency, every answer signed by the provider and bound to the request, so each result is
 * {@link vn.ketnoi.core.Integrity#END_TO_END_SIGNED}. {@link vn.ketnoi.population.wire.GatewayJsonWire}
 * speaks a gateway's own JSON instead, as published LGSP guides show it, with no end-to-end
 * signature: its results are {@link vn.ketnoi.core.Integrity#TRANSPORT_ONLY}, and a client takes it
 * only when the builder says {@code acceptTransportOnlyIntegrity()}.
 *
 * <h2>Writing a profile</h2>
 * Implement {@link vn.ketnoi.population.wire.PopulationWire} and hand it to
 * {@code PopulationClient.builder(config).wire(profile)}:
 * <ul>
 *   <li>send through the SDK's pipeline, not a client of your own: {@code vn.ketnoi.core.spi.PlainClient}
 *       on the agency's configuration gives the interceptors, resilience, deadlines, TLS settings
 *       and the gateway credentials of {@link vn.ketnoi.core.ClientConfig#gateways()};</li>
 *   <li>return the SDK's models ({@link vn.ketnoi.population.Citizen#builder},
 *       {@link vn.ketnoi.population.IdentityVerification#of}, {@link vn.ketnoi.population.Household#of})
 *       with the integrity the profile really has, and throw the SDK's exceptions: the register's
 *       outcomes as {@link vn.ketnoi.population.CitizenNotFoundException},
 *       {@link vn.ketnoi.population.IdentityMismatchException},
 *       {@link vn.ketnoi.population.FieldNotGrantedException}; the gateway's own refusals as the
 *       exchange-layer exceptions of {@code vn.ketnoi.core.exception}; anything that does not parse
 *       as {@code response.malformed};</li>
 *   <li>fail closed: a success code without data, an answer about another record or to another
 *       request is malformed, never an empty result;</li>
 *   <li>write one audit event per call to the configuration's sink, with the profile's integrity
 *       ({@link vn.ketnoi.core.audit.AuditEvent#integrity()});</li>
 *   <li>never put personal data, keys, secrets or tokens in a message or a log.</li>
 * </ul>
 * Operations a profile does not carry (batch, jobs, the change feed) are refused by the client
 * with {@link vn.ketnoi.population.wire.WireProfileException} {@code profile.operation-unsupported},
 * before anything is sent.
 */
@NullMarked
package vn.ketnoi.population.wire;

import org.jspecify.annotations.NullMarked;
