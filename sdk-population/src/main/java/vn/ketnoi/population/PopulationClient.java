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

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.internal.ApiClient;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.internal.CitizenMapper;

/**
 * Client of the National Population Database ({@code docs/population.md}). Thread-safe: build one
 * per provider and share it; {@link #close()} it when the application stops.
 *
 * <pre>{@code
 * try (PopulationClient population = PopulationClient.create(config)) {
 *     Citizen citizen = population.lookup(request);
 * }
 * }</pre>
 *
 * Every request is authenticated with the agency's token, signed, and its answer verified before
 * anything is returned. Failures are {@link vn.ketnoi.core.exception.KetnoiException}s; the
 * outcomes specific to this service are {@link CitizenNotFoundException},
 * {@link IdentityMismatchException}, {@link FieldNotGrantedException} and
 * {@link ConsentRequiredException}.
 */
public final class PopulationClient implements AutoCloseable {
    static final String SCOPE = "population";
    private static final String BASE_PATH = "/population/v1";

    private final ApiClient api;
    private final String base;

    private PopulationClient(ClientConfig config) {
        this.api = new ApiClient(config, SCOPE, PopulationClient::refine);
        String endpoint = config.endpoint().toString();
        this.base = (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint) + BASE_PATH;
    }

    /** A client for the provider {@code config} describes. */
    public static PopulationClient create(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new PopulationClient(config);
    }

    /**
     * Matches the three identifiers against the register and returns the fields asked for.
     *
     * @throws CitizenNotFoundException  no record has this ID number
     * @throws IdentityMismatchException the ID exists but the name or birth date does not match
     * @throws FieldNotGrantedException  a field asked for is outside the agency's grant
     */
    public Citizen lookup(LookupRequest request) {
        return toCitizen(request, api.call(lookupRequest(request)));
    }

    /**
     * {@link #lookup(LookupRequest)} without blocking, on the asynchronous HTTP client, with the
     * same retries, circuit breaker, bulkhead, rate limit and deadlines. The future fails with the
     * exceptions {@code lookup} throws; bad input fails it before anything is sent. Cancelling the
     * future aborts the exchange in flight.
     */
    public CompletableFuture<Citizen> lookupAsync(LookupRequest request) {
        KetnoiRequest http;
        try {
            http = lookupRequest(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<KetnoiResponse> call = api.callAsync(http);
        CompletableFuture<Citizen> result = call.thenApply(response -> toCitizen(request, response));
        // Cancelling what the caller holds must reach the exchange.
        result.whenComplete((c, e) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    private KetnoiRequest lookupRequest(LookupRequest request) {
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

        KetnoiRequest.Builder http = KetnoiRequest.builder("POST", URI.create(base + "/citizens/lookup"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Road-UserId", request.operatorId())
                .header("Ketnoi-Purpose", request.purpose().code())
                .body(ApiClient.toJson(body))
                .operation("population.lookup")
                .idempotent(true);
        if (request.caseNumber() != null) {
            http.header("X-Road-Issue", request.caseNumber());
        }
        return http.build();
    }

    private static Citizen toCitizen(LookupRequest request, KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        try {
            Instant retrievedAt = json.hasNonNull("retrievedAt") ? Instant.parse(json.get("retrievedAt").asText()) : null;
            Citizen citizen = CitizenMapper.toCitizen(json.get("citizen"), retrievedAt);
            if (!citizen.idNumber().equals(request.idNumber())) {
                throw malformed(response, "the record returned is not the one asked for");
            }
            return citizen;
        } catch (CitizenMapper.MalformedRecordException | DateTimeParseException e) {
            throw malformed(response, e.getMessage());
        }
    }

    private static ResponseVerificationException malformed(KetnoiResponse response, String why) {
        return new ResponseVerificationException("The lookup answer does not follow the protocol: " + why,
                response.status(), "response.malformed", response.request().headers().first("X-Road-Id").orElse(null),
                null);
    }

    /** The configuration this client was built with. */
    public ClientConfig config() {
        return api.config();
    }

    @Override
    public void close() {
        api.close();
    }

    private static KetnoiServiceException refine(KetnoiServiceException e) {
        switch (e.errorCode()) {
            case "population.citizen-not-found":
                return new CitizenNotFoundException(e);
            case "population.identity-mismatch":
                return new IdentityMismatchException(e);
            case "population.field-not-granted":
                return new FieldNotGrantedException(e);
            case "population.consent-required":
                return new ConsentRequiredException(e);
            default:
                return e;
        }
    }

    static String checkOperatorId(String operatorId) {
        if (operatorId == null || operatorId.isBlank()) {
            throw new InvalidInputException("operatorId", "is required");
        }
        if (!operatorId.startsWith("VN") || operatorId.length() > 128
                || operatorId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new InvalidInputException("operatorId",
                    "must start with the country prefix VN and be printable ASCII, at most 128 characters");
        }
        return operatorId;
    }

    static String checkCaseNumber(String caseNumber) {
        if (caseNumber == null) {
            return null;
        }
        if (caseNumber.isBlank() || caseNumber.length() > 128 || caseNumber.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new InvalidInputException("caseNumber", "must be printable ASCII, 1 to 128 characters");
        }
        return caseNumber;
    }
}
