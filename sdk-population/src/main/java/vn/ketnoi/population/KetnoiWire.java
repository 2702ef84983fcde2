package vn.ketnoi.population;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.population.internal.CitizenMapper;
import vn.ketnoi.population.wire.PopulationWire;

/**
 * The Ketnoi protocol as a wire profile, the default one: each operation through the signed
 * pipeline of {@link ApiClient} (token, request signature, response verification), so every answer
 * is {@link Integrity#END_TO_END_SIGNED}. The {@link PopulationClient} owns the ApiClient; closing
 * this profile leaves it to the client.
 */
final class KetnoiWire implements PopulationWire {
    static final String PROFILE = "ketnoi";

    private final ApiClient api;
    // Parsed once, when the client is built (its base never changes), not at every call.
    private final URI lookupUri;
    private final URI verifyUri;
    private final URI householdUri;

    KetnoiWire(ApiClient api, String base) {
        this.api = api;
        this.lookupUri = URI.create(base + "/citizens/lookup");
        this.verifyUri = URI.create(base + "/citizens/verify");
        this.householdUri = URI.create(base + "/households/lookup");
    }

    @Override
    public String profile() {
        return PROFILE;
    }

    @Override
    public Integrity integrity() {
        return Integrity.END_TO_END_SIGNED;
    }

    @Override
    public Citizen lookup(LookupRequest request, RequestContext context) {
        return toCitizen(request, api.call(lookupRequest(request, context)));
    }

    @Override
    public CompletableFuture<Citizen> lookupAsync(LookupRequest request, RequestContext context) {
        return api.callAsync(() -> lookupRequest(request, context), response -> toCitizen(request, response));
    }

    @Override
    public IdentityVerification verify(VerifyRequest request, RequestContext context) {
        return verified(request, api.call(verifyRequest(request, context)));
    }

    @Override
    public CompletableFuture<IdentityVerification> verifyAsync(VerifyRequest request, RequestContext context) {
        return api.callAsync(() -> verifyRequest(request, context), response -> verified(request, response));
    }

    @Override
    public Household household(HouseholdRequest request, RequestContext context) {
        return toHousehold(request, api.call(householdRequest(request, context)));
    }

    @Override
    public CompletableFuture<Household> householdAsync(HouseholdRequest request, RequestContext context) {
        return api.callAsync(() -> householdRequest(request, context), response -> toHousehold(request, response));
    }

    @Override
    public void close() {
        // The ApiClient is the PopulationClient's: it closes it.
    }

    private KetnoiRequest lookupRequest(LookupRequest request, RequestContext context) {
        if (request == null) {
            throw new InvalidInputException("request", "is required");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", request.idNumber().value());
        body.put("fullName", request.fullName());
        body.put("birthDate", request.birthDate().toIsoString());
        List<String> fields = new ArrayList<>();
        request.fields().forEach(f -> fields.add(f.wireName()));
        body.put("fields", fields);
        if (request.consentToken() != null) {
            body.put("consentToken", request.consentToken());
        }

        return ApiClient.request("POST", lookupUri, context,
                ApiClient.toJson(body), "population.lookup").build();
    }

    private static Citizen toCitizen(LookupRequest request, KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        try {
            Instant retrievedAt = json.hasNonNull("retrievedAt") ? Json.instant(json.get("retrievedAt").asText()) : null;
            Citizen citizen = CitizenMapper.toCitizen(json.get("citizen"), retrievedAt);
            if (!citizen.idNumber().equals(request.idNumber())) {
                throw ApiClient.malformed(response, "the record returned is not the one asked for");
            }
            return citizen;
        } catch (CitizenMapper.MalformedRecordException e) {
            throw ApiClient.malformed(response, e.getMessage());
        } catch (DateTimeParseException e) {
            // Its message quotes the refused text: a date of the citizen's, written by the provider.
            throw ApiClient.malformed(response, "a date or time is not in the protocol's form");
        }
    }

    private KetnoiRequest verifyRequest(VerifyRequest request, RequestContext context) {
        Checks.required("request", request, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", request.idNumber().value());
        request.claims().forEach((f, v) -> body.put(f.wireName(), v));
        return ApiClient.request("POST", verifyUri, context,
                ApiClient.toJson(body), "population.verify").build();
    }

    private static IdentityVerification verified(VerifyRequest request, KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        try {
            IdentityVerification r = toVerification(json);
            if (!r.idNumber().equals(request.idNumber())) {
                throw ApiClient.malformed(response, "the verdicts are not about the record asked for");
            }
            return r;
        } catch (RuntimeException e) {
            if (e instanceof ResponseVerificationException) {
                throw e;
            }
            throw ApiClient.malformed(response, "the verdicts cannot be read");
        }
    }

    /** The verdicts of a verify answer or batch item (protocol section 8.5). */
    static IdentityVerification toVerification(JsonNode json) {
        return CitizenMapper.toVerification(json, Integrity.END_TO_END_SIGNED);
    }

    private KetnoiRequest householdRequest(HouseholdRequest request, RequestContext context) {
        Checks.required("request", request, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", request.idNumber().value());
        body.put("fullName", request.fullName());
        body.put("birthDate", request.birthDate().toIsoString());
        return ApiClient.request("POST", householdUri, context,
                ApiClient.toJson(body), "population.household").build();
    }

    private static Household toHousehold(HouseholdRequest request, KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        try {
            Household household = CitizenMapper.toHousehold(json, Integrity.END_TO_END_SIGNED);
            if (household.members().stream().noneMatch(m -> m.idNumber().equals(request.idNumber()))) {
                throw ApiClient.malformed(response, "the household does not hold the citizen asked about");
            }
            return household;
        } catch (RuntimeException e) {
            if (e instanceof ResponseVerificationException) {
                throw e;
            }
            throw ApiClient.malformed(response, "the household cannot be read");
        }
    }
}
