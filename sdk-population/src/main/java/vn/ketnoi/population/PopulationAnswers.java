package vn.ketnoi.population;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.population.internal.CitizenMapper;

/**
 * The Ketnoi wire's answers read into the population models: batch results, job status and result
 * pages, push verdicts, change pages and events. Beside the models because their constructors are
 * package-private; a citizen record itself is {@link CitizenMapper}'s. Every reader turns an answer
 * it cannot read into {@code response.malformed}, never a half-filled model.
 */
final class PopulationAnswers {
    private PopulationAnswers() {
    }

    /** A page of a lookup or verification job's results. */
    static Paginator.Page<BatchItemResult> jobResultsPage(KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        List<BatchItemResult> items = new ArrayList<>();
        for (JsonNode item : json.path("items")) {
            items.add(toItem(response, item, item.path("index").asLong(-1)));
        }
        return page(response, json, items);
    }

    /** A page of a push job's verdicts. */
    static Paginator.Page<PushItemResult> pushResultsPage(KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        return page(response, json, pushResults(response, json.path("items")));
    }

    private static <T> Paginator.Page<T> page(KetnoiResponse response, JsonNode json, List<T> items) {
        String next = json.hasNonNull("nextPageToken") ? json.get("nextPageToken").asText() : null;
        if (items.isEmpty() && next != null) {
            throw malformed(response, "an empty page that is not the last");
        }
        return Paginator.Page.of(items, next, next != null);
    }

    static BatchResult toBatch(List<BatchRecord> records, KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        List<BatchItemResult> out = new ArrayList<>();
        JsonNode results = json.path("results");
        if (results.size() != records.size()) {
            throw malformed(response, "one result per record expected");
        }
        for (int i = 0; i < results.size(); i++) {
            BatchItemResult r = toItem(response, results.get(i), i);
            if (!r.itemId().equals(records.get(i).itemId())) {
                throw malformed(response, "the results are not in the order of the records");
            }
            out.add(r);
        }
        return new BatchResult(out);
    }

    static List<PushItemResult> pushResults(KetnoiResponse response, JsonNode results) {
        List<PushItemResult> out = new ArrayList<>();
        try {
            for (JsonNode r : results) {
                List<vn.ketnoi.core.exception.FieldError> errors = new ArrayList<>();
                for (JsonNode e : r.path("errors")) {
                    errors.add(new vn.ketnoi.core.exception.FieldError(e.path("field").asText("?"),
                            e.path("problem").asText("")));
                }
                long index = r.get("index").asLong();
                out.add(new PushItemResult(index,
                        r.hasNonNull("idNumber") ? PersonalIdNumber.parse(r.get("idNumber").asText()) : null,
                        optText(r, "field").flatMap(SourceField::fromWireName).orElse(null),
                        PushVerdict.fromWire(r.path("verdict").asText()), optText(r, "reason").orElse(null),
                        optText(r, "heldAsOf").map(Instant::parse).orElse(null), errors));
            }
        } catch (RuntimeException e) {
            throw malformed(response, "a push verdict cannot be read");
        }
        return out;
    }

    static JobStatus toJobStatus(String jobId, KetnoiResponse response) {
        JsonNode s = ApiClient.fromJson(response, JsonNode.class);
        if (!jobId.equals(s.path("jobId").asText())) {
            throw malformed(response, "the status is not of the job asked about");
        }
        java.util.Optional<java.time.Duration> retry = response.headers().first("Retry-After")
                .flatMap(PopulationAnswers::seconds);
        return new JobStatus(jobId, JobStatus.State.fromWire(s.path("state").asText()),
                s.path("receivedRecords").asLong(), s.path("processedRecords").asLong(),
                s.path("failedRecords").asLong(), retry);
    }

    static Paginator.Page<ChangeEvent> toChangePage(KetnoiResponse response) {
        JsonNode json = ApiClient.fromJson(response, JsonNode.class);
        try {
            List<ChangeEvent> events = new ArrayList<>();
            for (JsonNode e : json.path("events")) {
                events.add(toEvent(e));
            }
            ChangeCursor next = ChangeCursor.of(json.get("nextCursor").asText());
            boolean hasMore = json.path("hasMore").asBoolean(false);
            if (hasMore && events.isEmpty()) {
                throw new IllegalArgumentException("an empty page that is not the last");
            }
            return Paginator.Page.of(events, next.value(), hasMore);
        } catch (RuntimeException e) {
            throw malformed(response, "the change page cannot be read");
        }
    }

    static ChangeEvent toEvent(JsonNode e) {
        JsonNode d = e.path("data");
        IdCard card = null;
        if (d.hasNonNull("idCard")) {
            JsonNode c = d.get("idCard");
            card = new IdCard(c.get("number").asText(), java.time.LocalDate.parse(c.get("issueDate").asText()),
                    optText(c, "expiryDate").map(java.time.LocalDate::parse));
        }
        String eventId = e.get("eventId").asText();
        if (eventId.isBlank()) {
            throw new IllegalArgumentException("eventId");
        }
        return new ChangeEvent(eventId, ChangeType.fromWire(e.path("type").asText()),
                Instant.parse(e.get("occurredAt").asText()), PersonalIdNumber.parse(e.get("idNumber").asText()),
                optText(d, "deathDate").map(PartialDate::parseIso), optText(d, "fullName"),
                java.util.Optional.ofNullable(card),
                d.hasNonNull("permanentResidence")
                        ? java.util.Optional.of(Address.parse(d.get("permanentResidence").get("text").asText()))
                        : java.util.Optional.empty());
    }

    static java.util.Optional<String> optText(JsonNode n, String field) {
        return n.hasNonNull(field) ? java.util.Optional.of(n.get(field).asText()) : java.util.Optional.empty();
    }

    /** A {@code Retry-After} in seconds, capped at an hour; empty when it is not a number of seconds. */
    static java.util.Optional<java.time.Duration> seconds(String v) {
        try {
            long s = Long.parseLong(v.strip());
            return s < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofSeconds(Math.min(s, 3600)));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    static BatchItemResult toItem(KetnoiResponse response, JsonNode item, long index) {
        try {
            String itemId = item.get("itemId").asText();
            int status = item.path("status").asInt();
            if (item.hasNonNull("code")) {
                List<vn.ketnoi.core.exception.FieldError> errors = new ArrayList<>();
                for (JsonNode e : item.path("errors")) {
                    errors.add(new vn.ketnoi.core.exception.FieldError(e.path("field").asText("?"),
                            e.path("problem").asText("")));
                }
                return new BatchItemResult(itemId, index, status, null, null, item.get("code").asText(), errors);
            }
            if (item.hasNonNull("citizen")) {
                return new BatchItemResult(itemId, index, status, CitizenMapper.toCitizen(item.get("citizen"), null),
                        null, null, null);
            }
            return new BatchItemResult(itemId, index, status, null, KetnoiWire.toVerification(item), null, null);
        } catch (CitizenMapper.MalformedRecordException | RuntimeException e) {
            throw malformed(response, "a batch item cannot be read");
        }
    }

    static Map<String, Object> specBody(BatchRequest spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", spec.operation() == BatchRequest.Operation.LOOKUP ? "lookup" : "verify");
        if (spec.operation() == BatchRequest.Operation.LOOKUP) {
            List<String> fields = new ArrayList<>();
            spec.fields().forEach(f -> fields.add(f.wireName()));
            body.put("fields", fields);
        }
        return body;
    }

    static ResponseVerificationException malformed(KetnoiResponse response, String why) {
        return ApiClient.malformed(response, why);
    }
}
