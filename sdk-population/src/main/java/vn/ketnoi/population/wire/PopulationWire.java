package vn.ketnoi.population.wire;

import java.util.concurrent.CompletableFuture;

import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.Household;
import vn.ketnoi.population.HouseholdRequest;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.IdentityVerification;
import vn.ketnoi.population.VerifyRequest;

/**
 * A wire profile: how {@link vn.ketnoi.population.PopulationClient} carries its typed operations
 * to the population database. The Ketnoi protocol ({@code docs/protocol.md}) is the default
 * profile; {@link GatewayJsonWire} is a second one, and an integrator can write another without
 * forking the SDK (see the package documentation).
 *
 * <p>A profile receives requests the SDK's models have already validated, with the context the
 * client resolved for the call (the request's own, else the client's default; never null: a call
 * with neither is refused before it reaches the profile), and returns the SDK's
 * models, or throws the SDK's typed exceptions ({@link vn.ketnoi.population.CitizenNotFoundException},
 * {@link vn.ketnoi.population.IdentityMismatchException},
 * {@link vn.ketnoi.population.FieldNotGrantedException}, the exchange-layer exceptions of
 * {@code vn.ketnoi.core.exception}...). Implementations must be thread-safe; the client closes its
 * profile when it is closed.
 */
public interface PopulationWire extends AutoCloseable {

    /** {@return the profile's name, as in the setting {@code ketnoi.population.wire}: {@code ketnoi}, {@code gateway-json}...} */
    String profile();

    /**
     * What protects the answers this profile returns. A client refuses to be built with a profile
     * answering {@link Integrity#TRANSPORT_ONLY} unless its builder says
     * {@code acceptTransportOnlyIntegrity()}. A profile says {@link Integrity#END_TO_END_SIGNED}
     * only if it verifies a provider signature over every answer, bound to the request.
     *
     * @return the integrity of every answer of this profile
     */
    Integrity integrity();

    /**
     * {@link vn.ketnoi.population.PopulationClient#lookup}.
     *
     * @param request the lookup, validated
     * @param context the purpose, operator and case number to send
     * @return the record, with only the fields asked for
     */
    Citizen lookup(LookupRequest request, RequestContext context);

    /**
     * {@link #lookup} without blocking; bad input and every failure fail the future.
     *
     * @param request the lookup
     * @param context the purpose, operator and case number to send
     * @return the record, when it arrives
     */
    CompletableFuture<Citizen> lookupAsync(LookupRequest request, RequestContext context);

    /**
     * {@link vn.ketnoi.population.PopulationClient#verify}.
     *
     * @param request the claims, validated
     * @param context the purpose, operator and case number to send
     * @return the verdicts
     */
    IdentityVerification verify(VerifyRequest request, RequestContext context);

    /**
     * {@link #verify} without blocking.
     *
     * @param request the claims
     * @param context the purpose, operator and case number to send
     * @return the verdicts, when they arrive
     */
    CompletableFuture<IdentityVerification> verifyAsync(VerifyRequest request, RequestContext context);

    /**
     * {@link vn.ketnoi.population.PopulationClient#household}.
     *
     * @param request the three identifiers, validated
     * @param context the purpose, operator and case number to send
     * @return the household
     */
    Household household(HouseholdRequest request, RequestContext context);

    /**
     * {@link #household} without blocking.
     *
     * @param request the three identifiers
     * @param context the purpose, operator and case number to send
     * @return the household, when it arrives
     */
    CompletableFuture<Household> householdAsync(HouseholdRequest request, RequestContext context);

    /** Releases what the profile holds (connections, threads); the client calls it once, on close. */
    @Override
    void close();
}
