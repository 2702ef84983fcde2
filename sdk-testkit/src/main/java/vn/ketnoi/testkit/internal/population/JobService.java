package vn.ketnoi.testkit.internal.population;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Problems;
import vn.ketnoi.testkit.internal.Texts;

/**
 * Asynchronous batch jobs (protocol section 8.8) on a bounded worker pool. Memory stays bounded
 * whatever the job's size: uploaded items are spooled to a temporary file, one JSON line each,
 * with the file offset of every {@value #CHECKPOINT}th line kept in memory; result pages are
 * computed on demand from the spooled items, never stored.
 */
public final class JobService implements AutoCloseable {

    /** Most records in one job. */
    public static final int MAX_RECORDS = 1_000_000;
    /** Most items in one uploaded chunk, and in one result page. */
    public static final int MAX_CHUNK = 1000;
    private static final int CHECKPOINT = 1000;
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private enum State { OPEN, QUEUED, RUNNING, SUCCEEDED, FAILED }

    private static final class Job {
        final String id;
        final String agencyId;
        final SandboxAgency agency;
        final PopulationOps.Spec spec;
        final Path spool;
        final Instant createdAt;
        BufferedWriter writer;
        long bytesWritten;
        long[] checkpoints = new long[16];
        long received;
        int nextChunk;
        String lastChunkDigest;
        volatile State state = State.OPEN;
        volatile long processed;
        volatile long failed;
        volatile Instant processedAt;
        /** A push job's verdicts, written as it runs (a push cannot be recomputed): one JSON line each. */
        Path results;
        long[] resultCheckpoints;

        Job(String id, SandboxAgency agency, PopulationOps.Spec spec, Path spool, Instant createdAt) {
            this.id = id;
            this.agencyId = agency.id();
            this.agency = agency;
            this.spec = spec;
            this.spool = spool;
            this.createdAt = createdAt;
        }
    }

    private final PopulationOps ops;
    private final PushService pushes;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor workers;
    private Path directory; // created on the first job

    /**
     * @param ops the per-item work
     * @param pushes the per-record work of push jobs (section 8.11)
     * @param clock the provider's clock
     */
    public JobService(PopulationOps ops, PushService pushes, Clock clock) {
        this.ops = ops;
        this.pushes = pushes;
        this.clock = clock;
        // Two workers and a short queue: a busy sandbox answers 503 with Retry-After rather than piling up.
        this.workers = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "ketnoi-sandbox-job");
            t.setDaemon(true);
            return t;
        });
        workers.allowCoreThreadTimeOut(true);
    }

    /** Registers the job routes. */
    public List<ApiRoute> routes() {
        return List.of(
                new ApiRoute("POST", "/population/v1/jobs", "population", this::create),
                new ApiRoute("POST", "/population/v1/jobs/{jobId}/records", "population", this::upload),
                new ApiRoute("POST", "/population/v1/jobs/{jobId}/submit", "population", this::submit),
                new ApiRoute("GET", "/population/v1/jobs/{jobId}", "population", this::status),
                new ApiRoute("GET", "/population/v1/jobs/{jobId}/results", "population", this::results));
    }

    private synchronized Path directory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("ketnoi-sandbox-jobs");
        }
        return directory;
    }

    private ApiRoute.Result create(ApiRoute.Call call) {
        JsonNode req = Json.parse(call.body());
        if (req == null || !req.isObject()) {
            return ApiRoute.Result.problem("request.invalid", List.of(Problems.error("body", "must be a JSON object")));
        }
        ApiRoute.Result[] problem = new ApiRoute.Result[1];
        PopulationOps.Spec spec = req.path("operation").asText("").equals("push")
                ? new PopulationOps.Spec("push", java.util.Set.of()) : ops.spec(req, call.agency(), problem);
        if (spec == null) {
            return problem[0];
        }
        String id = UUID.randomUUID().toString();
        try {
            Path spool = directory().resolve(id + ".jsonl");
            Job job = new Job(id, call.agency(), spec, spool, call.now());
            job.writer = Files.newBufferedWriter(spool, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            jobs.put(id, job);
            return ApiRoute.Result.of(201, Json.bytes(statusBody(job)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Job find(ApiRoute.Call call) {
        Job job = jobs.get(call.pathParams().get("jobId"));
        // Another agency's job is as unknown as a job that never existed.
        return job == null || !job.agencyId.equals(call.agency().id()) ? null : job;
    }

    private ApiRoute.Result upload(ApiRoute.Call call) {
        Job job = find(call);
        if (job == null) {
            return ApiRoute.Result.problem("population.job-not-found");
        }
        JsonNode req = Json.parse(call.body());
        JsonNode items = req == null ? null : req.get("items");
        JsonNode chunk = req == null ? null : req.get("chunk");
        if (chunk == null || !chunk.canConvertToInt() || chunk.asInt() < 0) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("chunk", "must be the chunk's sequence number, from 0")));
        }
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_CHUNK) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("items", "must hold 1 to " + MAX_CHUNK + " items")));
        }
        String digest = Texts.sha256B64(call.body());
        synchronized (job) {
            if (job.state != State.OPEN) {
                return ApiRoute.Result.problem("population.job-conflict");
            }
            int n = chunk.asInt();
            if (n == job.nextChunk - 1 && digest.equals(job.lastChunkDigest)) {
                // A retried chunk whose answer was lost: the same answer, stored once.
                return ApiRoute.Result.ok(Json.bytes(statusBody(job)));
            }
            if (n != job.nextChunk) {
                return ApiRoute.Result.problem("population.job-conflict");
            }
            if (job.received + items.size() > MAX_RECORDS) {
                return ApiRoute.Result.problem("request.invalid",
                        List.of(Problems.error("items", "a job holds at most " + MAX_RECORDS + " records")));
            }
            try {
                for (JsonNode item : items) {
                    if (job.received % CHECKPOINT == 0) {
                        int k = (int) (job.received / CHECKPOINT);
                        if (k == job.checkpoints.length) {
                            job.checkpoints = Arrays.copyOf(job.checkpoints, k * 2);
                        }
                        job.checkpoints[k] = job.bytesWritten;
                    }
                    String line = Json.string(item);
                    job.writer.write(line);
                    job.writer.write('\n');
                    job.bytesWritten += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    job.received++;
                }
                job.writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            job.nextChunk++;
            job.lastChunkDigest = digest;
            return ApiRoute.Result.ok(Json.bytes(statusBody(job)));
        }
    }

    private ApiRoute.Result submit(ApiRoute.Call call) {
        Job job = find(call);
        if (job == null) {
            return ApiRoute.Result.problem("population.job-not-found");
        }
        JsonNode req = Json.parse(call.body());
        JsonNode total = req == null ? null : req.get("totalRecords");
        if (total == null || !total.canConvertToLong()) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("totalRecords", "must be the number of records uploaded")));
        }
        synchronized (job) {
            if (job.state != State.OPEN) {
                // Submitting twice is harmless: the second answer is the job's status.
                return ApiRoute.Result.of(202, Json.bytes(statusBody(job))).withHeader("Retry-After", "1");
            }
            if (total.asLong() != job.received || job.received == 0) {
                return ApiRoute.Result.problem("population.job-conflict");
            }
            try {
                job.writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            job.state = State.QUEUED;
            try {
                workers.execute(() -> process(job));
            } catch (RejectedExecutionException e) {
                job.state = State.OPEN;
                return ApiRoute.Result.problem("server.unavailable").withHeader("Retry-After", "5");
            }
            return ApiRoute.Result.of(202, Json.bytes(statusBody(job))).withHeader("Retry-After", "1");
        }
    }

    private void process(Job job) {
        job.state = State.RUNNING;
        Instant at = clock.instant();
        job.processedAt = at;
        LocalDate today = LocalDate.ofInstant(at, VIETNAM);
        boolean push = job.spec.operation().equals("push");
        BufferedWriter verdicts = null;
        try (BufferedReader in = Files.newBufferedReader(job.spool, StandardCharsets.UTF_8)) {
            String line;
            long failed = 0;
            long done = 0;
            long written = 0;
            if (push) {
                job.results = job.spool.resolveSibling(job.id + ".results.jsonl");
                job.resultCheckpoints = new long[(int) (job.received / CHECKPOINT) + 1];
                verdicts = Files.newBufferedWriter(job.results, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            }
            while ((line = in.readLine()) != null) {
                JsonNode item = Json.parse(line.getBytes(StandardCharsets.UTF_8));
                if (push) {
                    if (done % CHECKPOINT == 0) {
                        job.resultCheckpoints[(int) (done / CHECKPOINT)] = written;
                    }
                    Map<String, Object> r = pushes.apply(item, done, job.agency, at, today);
                    if ("REJECTED".equals(r.get("verdict"))) {
                        failed++;
                    }
                    String out = Json.string(r);
                    verdicts.write(out);
                    verdicts.write('\n');
                    written += out.getBytes(StandardCharsets.UTF_8).length + 1;
                } else if (!ops.item(job.spec, item, job.agency, at, today).succeeded()) {
                    failed++;
                }
                done++;
                if ((done & 1023) == 0) {
                    job.processed = done;
                    job.failed = failed;
                }
            }
            if (verdicts != null) {
                verdicts.close();
            }
            job.processed = done;
            job.failed = failed;
            job.state = State.SUCCEEDED;
        } catch (IOException | RuntimeException e) {
            job.state = State.FAILED;
            try {
                if (verdicts != null) {
                    verdicts.close();
                }
            } catch (IOException ignored) {
                // the job failed already
            }
        }
    }

    private ApiRoute.Result status(ApiRoute.Call call) {
        Job job = find(call);
        if (job == null) {
            return ApiRoute.Result.problem("population.job-not-found");
        }
        ApiRoute.Result r = ApiRoute.Result.ok(Json.bytes(statusBody(job)));
        return job.state == State.QUEUED || job.state == State.RUNNING ? r.withHeader("Retry-After", "1") : r;
    }

    private Map<String, Object> statusBody(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", job.id);
        m.put("state", job.state.name());
        m.put("operation", job.spec.operation());
        m.put("receivedRecords", job.received);
        m.put("processedRecords", job.processed);
        m.put("failedRecords", job.failed);
        m.put("createdAt", job.createdAt.truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("expiresAt", job.createdAt.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    private ApiRoute.Result results(ApiRoute.Call call) {
        Job job = find(call);
        if (job == null) {
            return ApiRoute.Result.problem("population.job-not-found");
        }
        if (job.state != State.SUCCEEDED) {
            return ApiRoute.Result.problem(job.state == State.FAILED ? "server.internal" : "population.job-not-finished")
                    .withHeader("Retry-After", "1");
        }
        Map<String, String> q = query(call.query());
        int pageSize = MAX_CHUNK;
        long start = 0;
        try {
            if (q.containsKey("pageSize")) {
                pageSize = Integer.parseInt(q.get("pageSize"));
                if (pageSize < 1 || pageSize > MAX_CHUNK) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            return ApiRoute.Result.problem("request.invalid",
                    List.of(Problems.error("pageSize", "must be 1 to " + MAX_CHUNK)));
        }
        if (q.containsKey("pageToken")) {
            start = decodeToken(q.get("pageToken"), job.id);
            if (start < 0 || start > job.received) {
                return ApiRoute.Result.problem("request.invalid",
                        List.of(Problems.error("pageToken", "is not a page token of this job")));
            }
        }
        List<Object> items = new ArrayList<>(Math.min(pageSize, (int) Math.max(0, job.received - start)));
        LocalDate today = LocalDate.ofInstant(job.processedAt, VIETNAM);
        long k = start / CHECKPOINT;
        boolean push = job.results != null;
        try (FileChannel ch = FileChannel.open(push ? job.results : job.spool, StandardOpenOption.READ)) {
            ch.position(push ? job.resultCheckpoints[(int) k] : job.checkpoints[(int) k]);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch),
                    StandardCharsets.UTF_8));
            for (long skip = start - k * CHECKPOINT; skip > 0; skip--) {
                in.readLine();
            }
            long index = start;
            String line;
            while (items.size() < pageSize && index < job.received && (line = in.readLine()) != null) {
                JsonNode item = Json.parse(line.getBytes(StandardCharsets.UTF_8));
                // A push's verdicts are read back as given; a lookup or verify is answered again.
                items.add(push ? item : ops.item(job.spec, item, job.agency, job.processedAt, today)
                        .toItem(PopulationOps.itemId(item, index), index));
                index++;
            }
            start = index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobId", job.id);
        out.put("items", items);
        if (start < job.received) {
            out.put("nextPageToken", encodeToken(job.id, start));
        }
        return ApiRoute.Result.ok(Json.bytes(out));
    }

    private static String encodeToken(String jobId, long index) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((jobId + ":" + index).getBytes(StandardCharsets.US_ASCII));
    }

    private static long decodeToken(String token, String jobId) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!s.startsWith(jobId + ":")) {
                return -1;
            }
            return Long.parseLong(s.substring(jobId.length() + 1));
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    static Map<String, String> query(String query) {
        Map<String, String> m = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return m;
        }
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            m.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return m;
    }

    /** Stops the workers and deletes the spool files. */
    @Override
    public void close() {
        workers.shutdownNow();
        for (Job job : jobs.values()) {
            try {
                synchronized (job) {
                    if (job.writer != null) {
                        job.writer.close();
                    }
                }
                Files.deleteIfExists(job.spool);
                if (job.results != null) {
                    Files.deleteIfExists(job.results);
                }
            } catch (IOException e) {
                // A temp file left behind is not worth failing close() for.
            }
        }
        jobs.clear();
        synchronized (this) {
            if (directory != null) {
                try {
                    Files.deleteIfExists(directory);
                } catch (IOException e) {
                    // As above.
                }
            }
        }
    }
}
