package vn.ketnoi.population;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.wire.GatewayJsonWire;
import vn.ketnoi.population.wire.PopulationWire;
import vn.ketnoi.population.wire.WireProfileException;

/**
 * Client of the National Population Database ({@code docs/population.md}). Thread-safe: build one
 * per provider and share it; {@link #close()} it when the application stops.
 *
 * <pre>{@code
 * try (PopulationClient population = PopulationClient.builder(config)
 *         .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:system.portal"))   // the default
 *         .build()) {
 *     Citizen citizen = population.lookup(request);   // the request's own context, if it has one, wins
 * }
 * }</pre>
 *
 * <p><b>Context.</b> Every call carries a {@link RequestContext} (purpose, operator, case number):
 * the request's own ({@code LookupRequest.Builder#context} and the like, or the argument of
 * {@link #changeFeed(RequestContext)} and the push jobs), else the client's default
 * ({@link Builder#context}). A call with neither fails with {@link InvalidInputException} naming
 * {@code context} before anything is sent.
 *
 * On the default wire profile, the Ketnoi protocol, every request is authenticated with the
 * agency's token and signed, and its answer is verified before anything is returned. Another
 * profile ({@link #builder(ClientConfig)}, {@link vn.ketnoi.population.wire.PopulationWire})
 * carries lookup, verify and household in another wire format; {@link #integrity()} says what
 * protects its answers. Failures are {@link vn.ketnoi.core.exception.KetnoiException}s; the
 * outcomes specific to this service are {@link CitizenNotFoundException},
 * {@link IdentityMismatchException}, {@link FieldNotGrantedException} and
 * {@link ConsentRequiredException}.
 *
 * <p><b>Async.</b> Each operation also has a {@code ...Async} twin returning a
 * {@link CompletableFuture}, on the asynchronous HTTP client, with the same retries, circuit
 * breaker, bulkhead, rate limit and deadlines ({@code docs/resilience.md}). The future fails with
 * the exception the synchronous method throws (bad input included: nothing is sent then), and
 * cancelling it aborts the exchange in flight and any retry to come.
 */
public final class PopulationClient implements AutoCloseable {
    /**
     * The population service's default id (the sandbox's; the provider issues the real one, set it
     * with {@link ClientConfig.Builder#serviceId}): what each request signature binds as {@code srv}.
     */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
    static final String SCOPE = "population";
    private static final String BASE_PATH = "/population/v1";

    private final ApiClient api;
    private final String base;
    private final PopulationWire wire;
    private final @Nullable RequestContext context;
    private final JobUploader jobs;

    private PopulationClient(ApiClient api, @Nullable PopulationWire wire, @Nullable RequestContext context) {
        this.api = api;
        this.base = api.serviceBase(BASE_PATH);
        this.wire = wire == null ? new KetnoiWire(api, base) : wire;
        this.context = context;
        this.jobs = new JobUploader(api, base);
    }

    /**
     * A client for the provider {@code config} describes, on the Ketnoi protocol.
     *
     * @param config the configuration
     * @return the client, with a runtime of its own that it closes
     */
    public static PopulationClient create(ClientConfig config) {
        return builder(config).build();
    }

    /**
     * A builder of a client for the provider {@code config} describes, to choose a wire profile
     * ({@code docs/wire-profiles.md}).
     *
     * <pre>{@code
     * PopulationClient population = PopulationClient.builder(config)
     *         .wire(GatewayJsonWire.create(config))
     *         .acceptTransportOnlyIntegrity()   // no end-to-end signature: say so, or the build fails
     *         .build();
     * }</pre>
     *
     * @param config the agency's configuration
     * @return the builder
     */
    public static Builder builder(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new Builder(config, null);
    }

    /**
     * A builder of a client on a shared runtime (see {@link #create(KetnoiRuntime)}).
     *
     * @param runtime the runtime of the agency's configuration
     * @return the builder
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(null, runtime);
    }

    /** Chooses the wire profile of a {@link PopulationClient}; mutable, not thread-safe. */
    public static final class Builder {
        private final ClientConfig config;
        private final KetnoiRuntime runtime;
        private PopulationWire wire;
        private String profile;
        private boolean acceptTransportOnly;
        private @Nullable RequestContext context;

        private Builder(ClientConfig config, KetnoiRuntime runtime) {
            this.config = config;
            this.runtime = runtime;
        }

        /**
         * The context of every call whose request has none of its own: a request's context
         * replaces it as a whole. Without a default, every request must carry its own.
         *
         * @param context such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:system.portal")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            this.context = Checks.required("context", context, null);
            return this;
        }

        /**
         * Carries the operations with this profile instead of the Ketnoi protocol. The client
         * takes it over: it closes it when it is closed, or when {@link #build()} refuses it.
         *
         * @param wire the profile, such as {@link GatewayJsonWire#create(ClientConfig)}
         * @return this builder
         */
        public Builder wire(PopulationWire wire) {
            if (wire == null) {
                throw new InvalidInputException("wire", "is required");
            }
            this.wire = wire;
            this.profile = null;
            return this;
        }

        /**
         * Carries the operations with a profile the SDK ships, by the name the setting
         * {@code ketnoi.population.wire} takes: {@code ketnoi} (the default) or
         * {@code gateway-json} ({@link GatewayJsonWire}), made on this client's configuration.
         *
         * @param profile the profile's name
         * @return this builder
         */
        public Builder wire(String profile) {
            if (!KetnoiWire.PROFILE.equals(profile) && !GatewayJsonWire.PROFILE.equals(profile)) {
                throw new InvalidInputException("wire", "must be " + KetnoiWire.PROFILE + " or " + GatewayJsonWire.PROFILE);
            }
            this.profile = profile;
            this.wire = null;
            return this;
        }

        /**
         * Applies {@code ketnoi.population.wire} and
         * {@code ketnoi.population.accept-transport-only-integrity} from loaded settings
         * ({@code docs/configuration-reference.md}); without them, nothing changes.
         *
         * @param settings the settings {@code ConfigLoader} loaded
         * @return this builder
         */
        public Builder settings(KetnoiSettings settings) {
            if (settings == null) {
                throw new InvalidInputException("settings", "is required");
            }
            settings.populationWire().ifPresent(this::wire);
            if (settings.populationAcceptTransportOnlyIntegrity()) {
                acceptTransportOnlyIntegrity();
            }
            return this;
        }

        /**
         * Accepts a profile whose answers have no end-to-end signature
         * ({@link Integrity#TRANSPORT_ONLY}): a gateway, or whoever holds its TLS termination,
         * could alter or forge a citizen's record or a verdict undetected. Without this,
         * {@link #build()} refuses such a profile ({@code docs/wire-profiles.md}).
         *
         * @return this builder
         */
        public Builder acceptTransportOnlyIntegrity() {
            this.acceptTransportOnly = true;
            return this;
        }

        /**
         * The client.
         *
         * @return the client
         * @throws WireProfileException {@code profile.transport-only-refused} for a transport-only
         *         profile not accepted with {@link #acceptTransportOnlyIntegrity()}
         */
        public PopulationClient build() {
            PopulationWire chosen = wire;
            if (chosen == null && GatewayJsonWire.PROFILE.equals(profile)) {
                chosen = runtime != null ? GatewayJsonWire.create(runtime) : GatewayJsonWire.create(config);
            }
            if (chosen != null && chosen.integrity() != Integrity.END_TO_END_SIGNED && !acceptTransportOnly) {
                // Fail closed before any call: weaker integrity is the caller's decision, never a default.
                String name = chosen.profile();
                chosen.close();
                throw WireProfileException.transportOnlyRefused(name);
            }
            ApiClient api;
            try {
                api = runtime != null ? new ApiClient(runtime, SCOPE, SERVICE, PopulationClient::refine)
                        : new ApiClient(config, SCOPE, SERVICE, PopulationClient::refine);
            } catch (RuntimeException e) {
                if (chosen != null) {
                    chosen.close();
                }
                throw e;
            }
            return new PopulationClient(api, chosen, context);
        }
    }

    /**
     * A client on a shared runtime: it uses the runtime's connection pools, worker threads and
     * provider keys, and {@link #close()} leaves them to whoever created the runtime.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the client
     */
    public static PopulationClient create(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return builder(runtime).build();
    }

    /**
     * Matches the three identifiers against the register and returns the fields asked for.
     *
     * @param request what to look up, for which purpose, by whom
     * @return the record, with the fields asked for that the register holds
     * @throws CitizenNotFoundException  no record has this ID number
     * @throws IdentityMismatchException the ID exists but the name or birth date does not match
     * @throws FieldNotGrantedException  a field asked for is outside the agency's grant
     */
    public Citizen lookup(LookupRequest request) {
        Checks.required("request", request, null);
        return wire.lookup(request, context(request.context()));
    }

    /**
     * {@link #lookup(LookupRequest)} without blocking, on the asynchronous HTTP client, with the
     * same retries, circuit breaker, bulkhead, rate limit and deadlines. The future fails with the
     * exceptions {@code lookup} throws; bad input fails it before anything is sent. Cancelling the
     * future aborts the exchange in flight.
     *
     * @param request what to look up
     * @return the record, when it completes
     */
    public CompletableFuture<Citizen> lookupAsync(LookupRequest request) {
        if (request == null) {
            return CompletableFuture.failedFuture(new InvalidInputException("request", "is required"));
        }
        return inContext(request.context(), c -> wire.lookupAsync(request, c));
    }

    /**
     * The async twin of {@code parse(api.call(build()))}: bad input fails the future, and
     * cancelling the future the caller holds reaches the exchange.
     */
    <T> CompletableFuture<T> async(Supplier<KetnoiRequest> build, Function<KetnoiResponse, T> parse) {
        return api.callAsync(build, parse);
    }

    /** {@code call(context(own))}; a call refused for want of a context fails the future, as bad input does. */
    private <T> CompletableFuture<T> inContext(java.util.Optional<RequestContext> own,
                                               Function<RequestContext, CompletableFuture<T>> call) {
        RequestContext c;
        try {
            c = context(own);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call.apply(c);
    }

    /** The context a call is made in: the request's own, else this client's default; refused when neither. */
    private RequestContext context(java.util.Optional<RequestContext> own) {
        return ApiClient.context(own.orElse(null), context);
    }

    /**
     * Verifies what the agency holds against the register, field by field, without the register
     * disclosing any value ({@code docs/protocol.md} section 8.5).
     *
     * @param request the claim to verify
     * @return the register's verdict on each field
     * @throws CitizenNotFoundException no record has this ID number
     * @throws FieldNotGrantedException a claim is about a field outside the agency's grant
     */
    public IdentityVerification verify(VerifyRequest request) {
        Checks.required("request", request, null);
        return wire.verify(request, context(request.context()));
    }

    /**
     * {@link #verify(VerifyRequest)} without blocking; see the class comment on async calls.
     *
     * @param request the claim to verify
     * @return the verdicts, when they complete
     */
    public CompletableFuture<IdentityVerification> verifyAsync(VerifyRequest request) {
        if (request == null) {
            return CompletableFuture.failedFuture(new InvalidInputException("request", "is required"));
        }
        return inContext(request.context(), c -> wire.verifyAsync(request, c));
    }

    /**
     * The household of the citizen the three identifiers name ({@code docs/protocol.md} section 8.6).
     *
     * @param request the member whose household is asked for
     * @return the household
     * @throws CitizenNotFoundException  no record has this ID number
     * @throws IdentityMismatchException the name or birth date does not match
     * @throws FieldNotGrantedException  the agency has no grant of {@code household}
     */
    public Household household(HouseholdRequest request) {
        Checks.required("request", request, null);
        return wire.household(request, context(request.context()));
    }

    /**
     * {@link #household(HouseholdRequest)} without blocking; see the class comment on async calls.
     *
     * @param request the member whose household is asked for
     * @return the household, when it completes
     */
    public CompletableFuture<Household> householdAsync(HouseholdRequest request) {
        if (request == null) {
            return CompletableFuture.failedFuture(new InvalidInputException("request", "is required"));
        }
        return inContext(request.context(), c -> wire.householdAsync(request, c));
    }

    /**
     * {@return the wire profile this client carries its operations with: {@code ketnoi} (the
     * default, {@code docs/protocol.md}) or another ({@link PopulationWire#profile()})}
     */
    public String profile() {
        return wire.profile();
    }

    /**
     * What protects this client's answers: {@link Integrity#END_TO_END_SIGNED} with the Ketnoi
     * protocol, {@link Integrity#TRANSPORT_ONLY} with a profile the builder accepted without
     * end-to-end signatures. Each result and each audit event says the same.
     *
     * @return the integrity of every answer of this client
     */
    public Integrity integrity() {
        return wire.integrity();
    }

    /** Refuses an operation only the Ketnoi protocol carries when another profile was chosen. */
    private void requireKetnoi(String operation) {
        if (!(wire instanceof KetnoiWire)) {
            throw WireProfileException.operationUnsupported(operation, wire.profile());
        }
    }

    /** Most records in one synchronous batch ({@code docs/protocol.md} section 7). */
    public static final int MAX_BATCH = 100;
    /** Most records in one asynchronous job. */
    public static final long MAX_JOB_RECORDS = 1_000_000;
    /** Records per uploaded chunk of a job. */
    static final int CHUNK = 1000;

    /**
     * Runs up to {@value #MAX_BATCH} lookups or verifications in one call, one result per record in
     * the order given. A record that fails (malformed, not found, mismatch, no consent) fails alone.
     *
     * @param spec the operation, purpose and operator of every record
     * @param records 1 to 1,000 records
     * @return one result per record, in order
     * @throws FieldNotGrantedException a lookup field is outside the grant (that fails every record alike)
     */
    public BatchResult batch(BatchRequest spec, List<BatchRecord> records) {
        requireKetnoi("population.batch");
        return PopulationAnswers.toBatch(records, api.call(batchRequest(spec, records)));
    }

    /**
     * {@link #batch(BatchRequest, List)} without blocking; see the class comment on async calls.
     *
     * @param spec the operation, purpose and operator of every record
     * @param records 1 to 1,000 records
     * @return the results, when they complete
     */
    public CompletableFuture<BatchResult> batchAsync(BatchRequest spec, List<BatchRecord> records) {
        if (!(wire instanceof KetnoiWire)) {
            return CompletableFuture.failedFuture(WireProfileException.operationUnsupported("population.batch", wire.profile()));
        }
        return async(() -> batchRequest(spec, records), response -> PopulationAnswers.toBatch(records, response));
    }

    private KetnoiRequest batchRequest(BatchRequest spec, List<BatchRecord> records) {
        Checks.required("spec", spec, null);
        Checks.required("records", records, null);
        if (records.isEmpty() || records.size() > MAX_BATCH) {
            throw new InvalidInputException("records", "must hold 1 to " + MAX_BATCH + " records; use submitJob for more");
        }
        Map<String, Object> body = PopulationAnswers.specBody(spec);
        List<Object> items = new ArrayList<>(records.size());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (BatchRecord r : records) {
            Checks.required("records", r, "no null entries");
            if (!ids.add(r.itemId())) {
                throw new InvalidInputException("itemId", "is used twice in the batch");
            }
            items.add(r.toWire());
        }
        body.put("items", items);
        return request("POST", "/batch", body, context(spec.context()), "population.batch");
    }

    /**
     * Creates an asynchronous job, uploads the records in chunks of 1,000 as the iterator yields
     * them (so the client never holds more than one chunk, however many records there are), and
     * submits it. Up to {@value #MAX_JOB_RECORDS} records.
     *
     * @param spec the operation, purpose and operator of every record
     * @param records the records, read one chunk at a time
     * @return the job; {@link JobHandle#awaitCompletion(java.time.Duration)} then {@link JobHandle#results()}
     */
    public JobHandle submitJob(BatchRequest spec, Iterator<BatchRecord> records) {
        requireKetnoi("population.job.create");
        Checks.required("spec", spec, null);
        Checks.required("records", records, null);
        RequestContext c = context(spec.context());
        String jobId = jobs.create(PopulationAnswers.specBody(spec), c);
        long[] total = {0};
        return new JobHandle(this, c, spec.operation().name(), jobId, jobs.upload(c, jobId,
                JobUploader.nextChunk(records, total, BatchRecord::toWire), records, total, BatchRecord::toWire));
    }

    // ---- pushes (section 8.11) ----

    /**
     * Pushes up to {@value PushBatch#MAX_PUSHES} values the agency is the source of, in one call,
     * and returns a verdict per push ({@code docs/push.md}). Sent with the batch's
     * {@linkplain PushBatch#idempotencyKey() idempotency key}: a retry after a lost answer, or
     * the same batch sent again with that key after a crash, gets the stored verdicts and applies
     * nothing twice. A push with an {@code asOf} more than a minute ahead of the configured clock
     * is refused before anything is sent.
     *
     * @param batch the pushes
     * @return one verdict per push, in order
     * @throws vn.ketnoi.core.exception.WriteOutcomeUnknownException every attempt failed and one
     *         may have been applied: send the same batch again (same key)
     */
    public PushResult push(PushBatch batch) {
        requireKetnoi("population.push");
        Checks.required("batch", batch, null);
        List<Object> items = new ArrayList<>(batch.pushes().size());
        for (FieldPush p : batch.pushes()) {
            items.add(checkAsOf(p).toWire());
        }
        KetnoiRequest request = ApiClient.request("POST", URI.create(base + "/pushes"), context(batch.context()),
                        ApiClient.toJson(Map.of("items", items)), "population.push")
                // Idempotent only because every attempt carries the same key and bytes: the core
                // retry layer may then repeat it.
                .header("Idempotency-Key", batch.idempotencyKey())
                .build();
        KetnoiResponse response = api.call(request);
        List<PushItemResult> results = PopulationAnswers.pushResults(response, ApiClient.fromJson(response, JsonNode.class).path("results"));
        if (results.size() != batch.pushes().size()) {
            throw PopulationAnswers.malformed(response, "one verdict per push expected");
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).index() != i) {
                throw PopulationAnswers.malformed(response, "the verdicts are not in the order of the pushes");
            }
        }
        return new PushResult(batch.idempotencyKey(), results);
    }

    /**
     * Starts an asynchronous push job for more than a batch holds, up to {@value #MAX_JOB_RECORDS}
     * pushes, in this client's default context: see {@link #startPushJob(RequestContext, Iterator)}.
     *
     * @param pushes the pushes, read one chunk at a time
     * @return the job
     */
    public PushJob startPushJob(Iterator<FieldPush> pushes) {
        return startPushJob(context(java.util.Optional.empty()), pushes);
    }

    /**
     * Starts an asynchronous push job for more than a batch holds, up to {@value #MAX_JOB_RECORDS}
     * pushes: the pushes are read from the iterator and uploaded a chunk of 1,000 at a time (the
     * client never holds more), then the job is submitted. Each chunk is stored once however often
     * it is sent, and the job runs once, so every push is applied at most once.
     *
     * @param context the purpose (such as {@link Purpose#REGISTER_MAINTENANCE}) and operator of
     *                every call of the job, instead of the client's default
     * @param pushes the pushes, read one chunk at a time
     * @return the job: {@link PushJob#awaitCompletion(java.time.Duration)} then {@link PushJob#results()}
     * @throws InvalidInputException a null or future-dated push, none at all, or more than the limit
     *         (the job is then never submitted, and the provider discards it)
     */
    public PushJob startPushJob(RequestContext context, Iterator<FieldPush> pushes) {
        requireKetnoi("population.job.create");
        Checks.required("context", context, null);
        Checks.required("pushes", pushes, null);
        long[] total = {0};
        Function<FieldPush, Object> toWire = p -> checkAsOf(p).toWire();
        // The first chunk is read before the job is made: a bad first push creates nothing.
        List<Object> first = JobUploader.nextChunk(pushes, total, toWire);
        if (first.isEmpty()) {
            throw new InvalidInputException("pushes", "must hold at least one push");
        }
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("operation", "push");
        String jobId = jobs.create(create, context);
        java.time.Duration wait = jobs.upload(context, jobId, first, pushes, total, toWire);
        return new PushJob(this, new JobHandle(this, context, "push", jobId, wait));
    }

    /**
     * {@link #startPushJob(Iterator)} from a stream, consumed lazily.
     *
     * @param pushes the pushes
     * @return the job
     */
    public PushJob startPushJob(java.util.stream.Stream<FieldPush> pushes) {
        return startPushJob(Checks.required("pushes", pushes, null).iterator());
    }

    /**
     * {@link #startPushJob(RequestContext, Iterator)} from a stream, consumed lazily.
     *
     * @param context the context of the job's calls
     * @param pushes the pushes
     * @return the job
     */
    public PushJob startPushJob(RequestContext context, java.util.stream.Stream<FieldPush> pushes) {
        return startPushJob(context, Checks.required("pushes", pushes, null).iterator());
    }

    /**
     * A push job started earlier, by id (after a restart), in this client's default context; nothing is sent.
     *
     * @param jobId the id {@link PushJob#id()} gave
     * @return the job
     */
    public PushJob pushJob(String jobId) {
        return pushJob(context(java.util.Optional.empty()), jobId);
    }

    /**
     * A push job started earlier, by id (after a restart); nothing is sent.
     *
     * @param context the context of the calls about the job
     * @param jobId the id {@link PushJob#id()} gave
     * @return the job
     */
    public PushJob pushJob(RequestContext context, String jobId) {
        requireKetnoi("population.job.status");
        Checks.required("context", context, null);
        return new PushJob(this, new JobHandle(this, context, "push", checkJobId(jobId), java.time.Duration.ZERO));
    }

    private FieldPush checkAsOf(FieldPush p) {
        Checks.required("pushes", p, "no null entries");
        if (p.asOf().isAfter(Instant.now(api.config().clock()).plusSeconds(60))) {
            throw new InvalidInputException("asOf", "must not be in the future");
        }
        return p;
    }

    Paginator.Page<PushItemResult> pushJobResults(RequestContext context, String jobId, @Nullable String pageToken) {
        String path = "/jobs/" + jobId + "/results" + (pageToken == null ? ""
                : "?pageToken=" + java.net.URLEncoder.encode(pageToken, java.nio.charset.StandardCharsets.UTF_8));
        return PopulationAnswers.pushResultsPage(api.call(request("GET", path, null, context, "population.job.results")));
    }

    /**
     * {@link #submitJob(BatchRequest, Iterator)} without blocking: the job is created, each chunk
     * uploaded once the one before was taken, and the job submitted, each call with the same
     * resilience as any other. The iterator is read one chunk at a time on the SDK's threads, so it
     * must not block for long. Cancelling the future aborts the call in flight and stops the
     * uploads; the provider discards a job that is never submitted.
     *
     * @param spec the operation, purpose and operator of every record
     * @param records the records, read one chunk at a time on the SDK's threads
     * @return the job, once submitted
     */
    public CompletableFuture<JobHandle> submitJobAsync(BatchRequest spec, Iterator<BatchRecord> records) {
        RequestContext c;
        try {
            requireKetnoi("population.job.create");
            Checks.required("spec", spec, null);
            Checks.required("records", records, null);
            c = context(spec.context());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return jobs.submitAsync(PopulationAnswers.specBody(spec), c, records, BatchRecord::toWire,
                (jobId, wait) -> new JobHandle(this, c, spec.operation().name(), jobId, wait));
    }

    /**
     * {@link #submitJob(BatchRequest, Iterator)} from a stream, consumed lazily.
     *
     * @param spec the operation, purpose and operator of every record
     * @param records the records
     * @return the job
     */
    public JobHandle submitJob(BatchRequest spec, java.util.stream.Stream<BatchRecord> records) {
        Checks.required("records", records, null);
        return submitJob(spec, records.iterator());
    }

    /**
     * A handle on a job submitted earlier, by id (after a restart); {@code spec} gives its context
     * (or, without one, this client's default).
     *
     * @param spec the request the job was submitted with
     * @param jobId the id {@link JobHandle#id()} gave
     * @return the handle; nothing is sent
     */
    public JobHandle job(BatchRequest spec, String jobId) {
        requireKetnoi("population.job.status");
        Checks.required("spec", spec, null);
        return new JobHandle(this, context(spec.context()), spec.operation().name(), checkJobId(jobId),
                java.time.Duration.ZERO);
    }

    private static String checkJobId(String jobId) {
        if (jobId == null || !jobId.matches("[A-Za-z0-9_-]{1,128}")) {
            throw new InvalidInputException("jobId", "must be a job id the provider returned");
        }
        return jobId;
    }

    /**
     * The change feed, read in this client's default context.
     *
     * @return the feed; nothing is sent
     * @throws InvalidInputException naming {@code context} when the client has no default
     */
    public ChangeFeed changeFeed() {
        return changeFeed(context(java.util.Optional.empty()));
    }

    /**
     * The change feed, read in this context: usually {@link Purpose#REGISTER_MAINTENANCE} by a
     * system account.
     *
     * @param context the purpose and operator of every read, instead of the client's default
     * @return the feed; nothing is sent
     */
    public ChangeFeed changeFeed(RequestContext context) {
        requireKetnoi("population.changes");
        return new ChangeFeed(this, Checks.required("context", context, null));
    }

    /**
     * A verifier of pushed change notifications with the default window ({@link NotificationVerifier#DEFAULT_MAX_AGE}).
     *
     * @return the verifier, sharing this client's key cache
     */
    public NotificationVerifier notificationVerifier() {
        return notificationVerifier(NotificationVerifier.DEFAULT_MAX_AGE);
    }

    /**
     * A verifier of pushed change notifications accepting those signed at most {@code maxAge} ago (10 s to 1 h).
     *
     * @param maxAge the oldest notification accepted
     * @return the verifier, sharing this client's key cache
     */
    public NotificationVerifier notificationVerifier(java.time.Duration maxAge) {
        if (maxAge == null || maxAge.compareTo(java.time.Duration.ofSeconds(10)) < 0
                || maxAge.compareTo(java.time.Duration.ofHours(1)) > 0) {
            throw new InvalidInputException("maxAge", "must be between 10 seconds and 1 hour");
        }
        return new NotificationVerifier(api, maxAge);
    }

    // ---- package-private plumbing for the sub-clients ----

    JobStatus jobStatus(RequestContext c, String jobId) {
        return PopulationAnswers.toJobStatus(jobId, api.call(jobStatusRequest(c, jobId)));
    }

    CompletableFuture<JobStatus> jobStatusAsync(RequestContext c, String jobId) {
        return async(() -> jobStatusRequest(c, jobId), response -> PopulationAnswers.toJobStatus(jobId, response));
    }

    private KetnoiRequest jobStatusRequest(RequestContext c, String jobId) {
        return request("GET", "/jobs/" + jobId, null, c, "population.job.status");
    }

    Paginator.Page<BatchItemResult> jobResults(RequestContext c, String jobId, @Nullable String pageToken) {
        String path = "/jobs/" + jobId + "/results" + (pageToken == null ? ""
                : "?pageToken=" + java.net.URLEncoder.encode(pageToken, java.nio.charset.StandardCharsets.UTF_8));
        return PopulationAnswers.jobResultsPage(api.call(request("GET", path, null, c, "population.job.results")));
    }

    Paginator.Page<ChangeEvent> readChanges(RequestContext c, ChangeCursor cursor, int limit) {
        return PopulationAnswers.toChangePage(api.call(changesRequest(c, cursor, limit)));
    }

    CompletableFuture<Paginator.Page<ChangeEvent>> readChangesAsync(RequestContext c, ChangeCursor cursor, int limit) {
        return async(() -> changesRequest(c, cursor, limit), PopulationAnswers::toChangePage);
    }

    private KetnoiRequest changesRequest(RequestContext c, ChangeCursor cursor, int limit) {
        String path = "/changes?limit=" + limit + (cursor.isBeginning() ? ""
                : "&cursor=" + java.net.URLEncoder.encode(cursor.value(), java.nio.charset.StandardCharsets.UTF_8));
        return request("GET", path, null, c, "population.changes");
    }

    /** Every call of this client goes through the core pipeline; population calls are reads, so idempotent. */
    private KetnoiRequest request(String method, String path, @Nullable Object body, RequestContext c,
                                  String operation) {
        return ApiClient.request(method, URI.create(base + path), c, body == null ? null : ApiClient.toJson(body),
                operation).build();
    }

    /**
     * A snapshot of this client's health: circuit-breaker state, cached token expiry, certificate
     * expiry. Sends nothing; for health checks.
     *
     * @return the snapshot
     */
    public vn.ketnoi.core.ClientHealth health() {
        return api.health();
    }

    /** {@return the configuration this client was built with} */
    public ClientConfig config() {
        return api.config();
    }

    @Override
    public void close() {
        try {
            wire.close();
        } finally {
            api.close();
        }
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

    static String checkConsentToken(String token) {
        if (token == null) {
            return null;
        }
        // A compact JWS: three base64url parts. Checked only for form; the provider checks the rest.
        if (token.length() > 8192 || !token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")) {
            throw new InvalidInputException("consentToken", "must be a consent token as the consent service issued it");
        }
        return token;
    }
}
