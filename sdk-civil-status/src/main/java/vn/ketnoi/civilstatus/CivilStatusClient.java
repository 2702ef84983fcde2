package vn.ketnoi.civilstatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.exchange.ExchangeRequest;
import vn.ketnoi.exchange.ExchangeResponse;
import vn.ketnoi.exchange.JsonValue;

/**
 * The electronic civil-status database (Ministry of Justice): birth, marriage and death
 * registrations by personal ID number or by register entry, certified extracts, and the
 * registration of births and deaths. Every call goes through {@link ExchangeClient}: the same
 * token, signatures, verification, resilience, audit and routes as every client.
 *
 * <pre>{@code
 * try (CivilStatusClient civil = CivilStatusClient.builder(config)
 *         .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build()) {
 *     BirthRegistration birth = civil.birth(PersonalIdNumber.parse("001216012345"));
 *     CertifiedExtract extract = civil.extract(birth);     // verified, fail closed
 * }
 * }</pre>
 *
 * <p><b>Context.</b> Every call carries the client's default {@link RequestContext} (purpose,
 * operator, case number), or the one of a view made with {@link #withContext}, which replaces it
 * as a whole. A call with neither is refused before anything is sent ({@code input.invalid}
 * naming {@code context}).
 *
 * <p><b>Exactly once.</b> Every write carries its declaration's idempotency key; the client
 * repeats a write after a failure only with it, and registering the same declaration again
 * returns the first outcome. Immutable and thread-safe; close it when done.
 */
public final class CivilStatusClient implements AutoCloseable {
    /** The service's id ({@code BTP}: the Ministry of Justice; synthetic codes in the sandbox). */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BTP/HOTICH/civil-status/v1");
    /** Where the provider mounts the service when reached directly. */
    public static final String MOUNT = "/civil-status/v1";
    /** The OAuth scope of the service. */
    public static final String SCOPE = "civil-status";

    private final ExchangeClient exchange;
    /** A view's context, replacing the exchange client's default; null for the default. */
    private final RequestContext context;
    /** Whether closing this client closes the exchange client: false for a view. */
    private final boolean owner;

    private CivilStatusClient(ExchangeClient exchange, RequestContext context, boolean owner) {
        this.exchange = exchange;
        this.context = context;
        this.owner = owner;
    }

    /**
     * This client with another context for every call: for example the officer handling a
     * dossier, where the default is a system account. The view shares this client's connections,
     * token and resilience state; closing it does nothing (close this client).
     *
     * <pre>{@code
     * BirthRegistration b = civil.withContext(RequestContext.of(Purpose.PUBLIC_SERVICE, officerId)
     *         .withCaseNumber(dossier)).birth(child);
     * }</pre>
     *
     * @param context the context, replacing the default as a whole
     * @return the view
     */
    public CivilStatusClient withContext(RequestContext context) {
        if (context == null) {
            throw new InvalidInputException("context", "is required");
        }
        return new CivilStatusClient(exchange, context, false);
    }

    /**
     * {@return a builder of a client with a runtime of its own}
     *
     * @param config the configuration
     */
    public static Builder builder(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new Builder(ExchangeClient.builder(config));
    }

    /**
     * {@return a builder of a client on a shared runtime}
     *
     * @param runtime the runtime, shared with other clients
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(ExchangeClient.builder(runtime));
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final ExchangeClient.Builder exchange;

        private Builder(ExchangeClient.Builder exchange) {
            this.exchange = exchange;
        }

        /**
         * The context of every call not made through a {@link CivilStatusClient#withContext} view.
         * Without one, every call must go through such a view.
         *
         * @param context such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            exchange.context(context);
            return this;
        }

        /**
         * Applies {@code ketnoi.civil-status.operator-id} and {@code ketnoi.civil-status.purpose}
         * from loaded settings, when the operator is set: the default context
         * ({@link Purpose#PUBLIC_SERVICE} unless the purpose is set).
         *
         * @param settings the settings {@code ConfigLoader} loaded
         * @return this builder
         */
        public Builder settings(KetnoiSettings settings) {
            if (settings == null) {
                throw new InvalidInputException("settings", "is required");
            }
            settings.civilStatusOperatorId().ifPresent(operator -> context(RequestContext.of(
                    settings.civilStatusPurpose().orElse(Purpose.PUBLIC_SERVICE), operator)));
            return this;
        }

        /** {@return the client} */
        public CivilStatusClient build() {
            return new CivilStatusClient(exchange.mount(SERVICE, MOUNT).scopes(SCOPE)
                    .refineErrors(CivilStatusClient::refine).build(), null, true);
        }
    }

    /**
     * The birth registration of a citizen.
     *
     * @param child the child's personal ID number
     * @return the registration
     * @throws RegistrationNotFoundException when the register has none
     */
    public BirthRegistration birth(PersonalIdNumber child) {
        return one(lookup("births", byId(child)), BirthRegistration.class);
    }

    /**
     * The birth registration at a register entry.
     *
     * @param reference entry number, book number and authority
     * @return the registration
     * @throws RegistrationNotFoundException when the register has none
     */
    public BirthRegistration birth(EntryReference reference) {
        return one(lookup("births", byEntry(reference)), BirthRegistration.class);
    }

    /**
     * The marriage registrations of a citizen, the most recent last.
     *
     * @param spouse either spouse's personal ID number
     * @return the registrations, at least one
     * @throws RegistrationNotFoundException when the register has none
     */
    public List<MarriageRegistration> marriages(PersonalIdNumber spouse) {
        return all(lookup("marriages", byId(spouse)), MarriageRegistration.class);
    }

    /**
     * The marriage registration at a register entry.
     *
     * @param reference entry number, book number and authority
     * @return the registration
     * @throws RegistrationNotFoundException when the register has none
     */
    public MarriageRegistration marriage(EntryReference reference) {
        return one(lookup("marriages", byEntry(reference)), MarriageRegistration.class);
    }

    /**
     * The death registration of a citizen.
     *
     * @param deceased the deceased's personal ID number
     * @return the registration
     * @throws RegistrationNotFoundException when the register has none
     */
    public DeathRegistration death(PersonalIdNumber deceased) {
        return one(lookup("deaths", byId(deceased)), DeathRegistration.class);
    }

    /**
     * The death registration at a register entry.
     *
     * @param reference entry number, book number and authority
     * @return the registration
     * @throws RegistrationNotFoundException when the register has none
     */
    public DeathRegistration death(EntryReference reference) {
        return one(lookup("deaths", byEntry(reference)), DeathRegistration.class);
    }

    /**
     * A certified extract ("trích lục") of a registration, verified before it is returned: the
     * provider's signature, key and {@code typ}, its issuer, its audience (this agency), and that
     * it certifies the registration asked for. Fails closed.
     *
     * @param registration the registration
     * @return the verified extract
     * @throws ResponseVerificationException when the extract does not verify or certifies another registration
     */
    public CertifiedExtract extract(CivilRegistration registration) {
        if (registration == null) {
            throw new InvalidInputException("registration", "is required");
        }
        String id = registration.entry().registrationId();
        ExchangeResponse<JsonValue> r = exchange.call(request("/extracts", Map.of("registrationId", id),
                "civil-status.extract"));
        CertifiedExtract extract = verifyExtract(r.body().get("extract").asText());
        if (!extract.registration().entry().registrationId().equals(id)) {
            throw new ResponseVerificationException("The certified extract certifies another registration than"
                    + " the one asked for", r.status(), "response.binding-mismatch", r.requestId(), null);
        }
        return extract;
    }

    /**
     * Verifies a certified extract received from anywhere (a citizen, another agency): the
     * provider's signature with a key of its published set, {@code typ}, issuer and audience.
     * Fails closed: anything unverified is refused, never returned.
     *
     * @param compact the extract's JWS
     * @return the verified extract
     * @throws ResponseVerificationException {@code response.signature-invalid}, {@code response.unknown-key},
     *         {@code response.binding-mismatch} or {@code response.malformed}
     */
    public CertifiedExtract verifyExtract(String compact) {
        JsonValue claims = exchange.verifyProviderSigned(compact, CertifiedExtract.TYP);
        // verifyProviderSigned lets an object without aud through (one meant for whoever holds it); an
        // extract is issued to the agency that asked, and its aud is verified, not optional.
        if (!claims.get("aud").isPresent()) {
            throw new ResponseVerificationException("The certified extract names no audience", 0,
                    "response.binding-mismatch", null, null);
        }
        try {
            CivilRegistration r = Wire.registration(claims.get("registration"));
            if (r == null || !claims.get("iat").isPresent() || claims.get("jti").asText().isEmpty()) {
                throw new Wire.Malformed("the extract names no registration of a known kind, or no iat or jti");
            }
            return new CertifiedExtract(compact, claims.get("jti").asText(),
                    Instant.ofEpochSecond(claims.get("iat").asLong()), r);
        } catch (Wire.Malformed | IllegalStateException e) {
            throw new ResponseVerificationException("The certified extract does not follow the protocol: "
                    + e.getMessage(), 0, "response.malformed", null, null);
        }
    }

    /**
     * Registers a birth: the population database assigns the child's personal ID number and
     * records the permanent residence. Sending the same declaration again returns the first outcome.
     *
     * @param declaration the birth
     * @return the registration, with the child's ID number
     */
    public BirthRegistration registerBirth(BirthDeclaration declaration) {
        if (declaration == null) {
            throw new InvalidInputException("declaration", "is required");
        }
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("fullName", declaration.childName());
        child.put("birthDate", declaration.birthDate().toString());
        child.put("sex", declaration.sex().name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("child", child);
        body.put("motherIdNumber", declaration.mother().value());
        if (declaration.father() != null) {
            body.put("fatherIdNumber", declaration.father().value());
        }
        body.put("authorityCode", declaration.authorityCode());
        return write("/births", body, declaration.idempotencyKey(), "civil-status.register-birth",
                BirthRegistration.class);
    }

    /**
     * Registers a death: the population database removes the permanent residence and its change
     * feed carries the death. Sending the same declaration again returns the first outcome.
     *
     * @param declaration the death
     * @return the registration
     * @throws AlreadyRegisteredException when the death was registered by another declaration
     */
    public DeathRegistration registerDeath(DeathDeclaration declaration) {
        if (declaration == null) {
            throw new InvalidInputException("declaration", "is required");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", declaration.deceased().value());
        body.put("deathDate", declaration.deathDate().toString());
        if (declaration.placeOfDeath() != null) {
            body.put("placeOfDeath", declaration.placeOfDeath());
        }
        body.put("authorityCode", declaration.authorityCode());
        return write("/deaths", body, declaration.idempotencyKey(), "civil-status.register-death",
                DeathRegistration.class);
    }

    /**
     * A snapshot of the circuit breaker, the cached token's expiry and the failure record; sends nothing.
     *
     * @return the snapshot
     */
    public ClientHealth health() {
        return exchange.health();
    }

    /** Closes the client, and its runtime when it made one; a {@link #withContext} view closes nothing. */
    @Override
    public void close() {
        if (owner) {
            exchange.close();
        }
    }

    private static Map<String, Object> byId(PersonalIdNumber id) {
        if (id == null) {
            throw new InvalidInputException("idNumber", "is required");
        }
        return Map.of("idNumber", id.value());
    }

    private static Map<String, Object> byEntry(EntryReference r) {
        if (r == null) {
            throw new InvalidInputException("reference", "is required");
        }
        return Map.of("entryNumber", r.entryNumber(), "bookNumber", r.bookNumber(), "authorityCode", r.authorityCode());
    }

    /** Lookups are POSTs so that ID numbers travel in the signed body, never in a URL that logs keep. */
    private ExchangeResponse<JsonValue> lookup(String kind, Map<String, Object> body) {
        return exchange.call(request("/" + kind + "/lookup", body, "civil-status." + kind + ".lookup"));
    }

    private ExchangeRequest request(String path, Map<String, Object> body, String operation) {
        return inContext(ExchangeRequest.postRead(SERVICE, path, body)).operation(operation).build();
    }

    /** A view's context on the request; else the exchange client's default applies (or refuses the call). */
    private ExchangeRequest.Builder inContext(ExchangeRequest.Builder b) {
        return context == null ? b : b.context(context);
    }

    private <T extends CivilRegistration> T write(String path, Map<String, Object> body, String key, String operation,
                                                  Class<T> type) {
        ExchangeResponse<JsonValue> r = exchange.call(inContext(ExchangeRequest.post(SERVICE, path, body))
                .idempotencyKey(key).operation(operation).build());
        return read(r, x -> {
            CivilRegistration c = Wire.registration(x);
            if (!type.isInstance(c)) {
                throw new Wire.Malformed("the answer is not a " + type.getSimpleName());
            }
            return type.cast(c);
        });
    }

    private static <T extends CivilRegistration> T one(ExchangeResponse<JsonValue> r, Class<T> type) {
        List<T> all = all(r, type);
        return all.get(all.size() - 1);
    }

    private static <T extends CivilRegistration> List<T> all(ExchangeResponse<JsonValue> r, Class<T> type) {
        return read(r, x -> {
            List<T> out = Wire.registrations(x).stream().filter(type::isInstance).map(type::cast).toList();
            if (out.isEmpty()) {
                throw new Wire.Malformed("no " + type.getSimpleName() + " in a successful answer");
            }
            return out;
        });
    }

    private static <T> T read(ExchangeResponse<JsonValue> r, Function<JsonValue, T> reader) {
        try {
            return reader.apply(r.body());
        } catch (Wire.Malformed m) {
            throw Wire.malformed(r.requestId(), r.status(), m);
        }
    }

    private static KetnoiServiceException refine(KetnoiServiceException e) {
        switch (String.valueOf(e.errorCode())) {
            case "civil-status.registration-not-found":
                return new RegistrationNotFoundException(e);
            case "civil-status.already-registered":
                return new AlreadyRegisteredException(e);
            default:
                return e;
        }
    }
}
