package vn.ketnoi.population;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ApiClient;

/**
 * How a job reaches the provider ({@code docs/protocol.md} section 8.8), for batch jobs and push
 * jobs alike: create it, upload its records a chunk of {@value PopulationClient#CHUNK} at a time
 * as the iterator yields them (never holding more than one chunk), and submit it with its total.
 * Each chunk carries its number, so a retried upload is stored once. Thread-safe; the
 * {@link PopulationClient} owns the engine it calls through.
 */
final class JobUploader {
    private final ApiClient api;
    private final String base;

    JobUploader(ApiClient api, String base) {
        this.api = api;
        this.base = base;
    }

    /** Creates a job described by {@code body}; returns its id. */
    String create(Map<String, Object> body, RequestContext c) {
        return jobId(api.call(request("/jobs", body, c, "population.job.create")));
    }

    /**
     * Uploads {@code first}, then the rest of the records chunk by chunk, and submits the job:
     * the submit answer's first wait.
     */
    <T> Duration upload(RequestContext c, String jobId, List<Object> first, Iterator<T> records, long[] total,
                        Function<T, Object> toWire) {
        int chunk = 0;
        for (List<Object> items = first; !items.isEmpty(); items = nextChunk(records, total, toWire)) {
            api.call(uploadRequest(c, jobId, chunk++, items));
        }
        return firstPollWait(api.call(submitRequest(c, jobId, total[0])));
    }

    /**
     * Create, upload and submit without blocking, each call with the same resilience as any other;
     * the iterator is read a chunk at a time on the SDK's threads. The future completes with
     * {@code handle(jobId, firstWait)}; cancelling it aborts the call in flight and stops the
     * uploads (the provider discards a job that is never submitted).
     */
    <T, H> CompletableFuture<H> submitAsync(Map<String, Object> createBody, RequestContext c, Iterator<T> records,
                                            Function<T, Object> toWire, BiFunction<String, Duration, H> handle) {
        CompletableFuture<H> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<?>> current = new AtomicReference<>();
        result.whenComplete((h, e) -> {
            CompletableFuture<?> step = current.get();
            if (result.isCancelled() && step != null) {
                step.cancel(true);
            }
        });
        CompletableFuture<String> created = api.callAsync(() -> request("/jobs", createBody, c,
                "population.job.create"), JobUploader::jobId);
        current.set(created);
        created.thenCompose(jobId -> uploadFrom(c, jobId, records, toWire, 0, new long[] {0}, current, result)
                        .thenCompose(total -> step(current, result, api.callAsync(
                                () -> submitRequest(c, jobId, total), r -> handle.apply(jobId, firstPollWait(r))))))
                .whenComplete((h, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                                ? e.getCause() : e);
                    } else {
                        result.complete(h);
                    }
                });
        return result;
    }

    private <T> CompletableFuture<Long> uploadFrom(RequestContext c, String jobId, Iterator<T> records,
                                                   Function<T, Object> toWire, int chunk, long[] total,
                                                   AtomicReference<CompletableFuture<?>> current,
                                                   CompletableFuture<?> result) {
        List<Object> items;
        try {
            items = nextChunk(records, total, toWire);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(total[0]);
        }
        return step(current, result, api.callAsync(() -> uploadRequest(c, jobId, chunk, items), r -> Boolean.TRUE))
                .thenCompose(v -> uploadFrom(c, jobId, records, toWire, chunk + 1, total, current, result));
    }

    /** Makes {@code call} the one a cancellation reaches; refuses to go on once the caller cancelled. */
    private static <T> CompletableFuture<T> step(AtomicReference<CompletableFuture<?>> current,
                                                 CompletableFuture<?> result, CompletableFuture<T> call) {
        current.set(call);
        if (result.isCancelled()) {
            call.cancel(true);
        }
        return call;
    }

    /** The next chunk's records from the iterator, at most {@value PopulationClient#CHUNK}; empty at the end. Counts into {@code total[0]}. */
    static <T> List<Object> nextChunk(Iterator<T> records, long[] total, Function<T, Object> toWire) {
        List<Object> items = new ArrayList<>(PopulationClient.CHUNK);
        while (items.size() < PopulationClient.CHUNK && records.hasNext()) {
            T r = Checks.required("records", records.next(), "no null entries");
            items.add(toWire.apply(r));
            if (++total[0] > PopulationClient.MAX_JOB_RECORDS) {
                throw new InvalidInputException("records", "a job holds at most " + PopulationClient.MAX_JOB_RECORDS
                        + " records");
            }
        }
        return items;
    }

    private KetnoiRequest uploadRequest(RequestContext c, String jobId, int chunk, List<Object> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chunk", chunk);
        body.put("items", items);
        // The chunk number makes a retried upload safe: the provider stores a chunk once.
        return request("/jobs/" + jobId + "/records", body, c, "population.job.upload");
    }

    private KetnoiRequest submitRequest(RequestContext c, String jobId, long total) {
        if (total == 0) {
            throw new InvalidInputException("records", "must hold at least one record");
        }
        Map<String, Object> submit = new LinkedHashMap<>();
        submit.put("totalRecords", total);
        return request("/jobs/" + jobId + "/submit", submit, c, "population.job.submit");
    }

    private KetnoiRequest request(String path, Map<String, Object> body, RequestContext c, String operation) {
        return ApiClient.request("POST", URI.create(base + path), c, ApiClient.toJson(body), operation).build();
    }

    private static String jobId(KetnoiResponse created) {
        JsonNode c = ApiClient.fromJson(created, JsonNode.class);
        String jobId = c.path("jobId").asText("");
        if (!jobId.matches("[A-Za-z0-9_-]{1,128}")) {
            throw ApiClient.malformed(created, "no job id");
        }
        return jobId;
    }

    /** The submit answer's {@code Retry-After}: section 8.8 asks the client to wait it out before the first poll. */
    private static Duration firstPollWait(KetnoiResponse submitted) {
        return submitted.headers().first("Retry-After").flatMap(PopulationAnswers::seconds).orElse(Duration.ZERO);
    }
}
