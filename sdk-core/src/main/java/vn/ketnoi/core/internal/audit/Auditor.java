package vn.ketnoi.core.internal.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.audit.AuditEvent;
import vn.ketnoi.core.audit.AuditSink;
import vn.ketnoi.core.audit.SubjectHasher;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Emits one audit event per call when the configuration names a sink. The facts come from the
 * request as the protocol defines it: operator, purpose and case from the exchange headers, the
 * subjects from every {@code idNumber} member of the JSON body, the fields from its
 * {@code fields} arrays. Thread-safe.
 */
public final class Auditor {
    private static final Logger LOG = LoggerFactory.getLogger("vn.ketnoi.audit");

    private final AuditSink sink;
    private final SubjectHasher hasher;
    private final String agencyId;
    private final String service;
    private final Clock clock;

    public Auditor(ClientConfig config, String service) {
        this(config.auditSink(), config.auditSubjectHasher(), config.agencyId(), service, config.clock());
    }

    public Auditor(AuditSink sink, SubjectHasher hasher, String agencyId, String service, Clock clock) {
        this.sink = sink;
        this.hasher = hasher;
        this.agencyId = agencyId;
        this.service = service;
        this.clock = clock;
    }

    public boolean enabled() {
        return sink != null;
    }

    /** Records a provider API call that ended with this response or failure. */
    public void call(KetnoiRequest request, KetnoiResponse response, Throwable failure) {
        if (sink == null) {
            return;
        }
        Set<String> subjects = new LinkedHashSet<>();
        Set<String> fields = new LinkedHashSet<>();
        if (request.bodyLength() > 0 && request.headers().first("Content-Type").orElse("").contains("json")) {
            try {
                collect(Json.mapper().readTree(request.body()), subjects, fields);
            } catch (java.io.IOException | RuntimeException e) {
                // The SDK wrote this body itself; an unreadable one only loses the subject list.
                LOG.debug("audit: request body of {} not readable", request.operation());
            }
        }
        String outcome;
        int status;
        String requestId;
        if (failure == null) {
            outcome = AuditEvent.OK;
            status = response.status();
            requestId = response.request().headers().first("X-Road-Id").orElse(null);
        } else if (failure instanceof KetnoiException k) {
            outcome = k.errorCode() == null ? "error" : k.errorCode();
            status = k.statusCode();
            requestId = k.requestId();
        } else {
            outcome = "error";
            status = 0;
            requestId = null;
        }
        emit(request.operation() == null ? request.method() + " " + request.uri().getPath() : request.operation(),
                request.headers().first("X-Road-UserId").orElse(null),
                request.headers().first("Ketnoi-Purpose").orElse(null),
                request.headers().first("X-Road-Issue").orElse(null),
                new ArrayList<>(subjects), new ArrayList<>(fields), outcome, status, requestId);
    }

    /** Records an event whose facts the caller knows (VNeID sign-in); subjects are hashed here. */
    public void emit(String operation, String operatorId, String purpose, String caseNumber, List<String> rawSubjects,
                     List<String> fields, String outcome, int status, String requestId) {
        if (sink == null) {
            return;
        }
        List<String> hashed = new ArrayList<>();
        for (String s : rawSubjects) {
            if (s != null && !s.isEmpty()) {
                hashed.add(hasher.hash(s));
            }
        }
        AuditEvent event = new AuditEvent(clock.instant(), service, operation, agencyId, operatorId, purpose,
                caseNumber, hashed, fields, outcome, status, requestId);
        try {
            sink.record(event);
        } catch (RuntimeException e) {
            LOG.error("audit sink {} failed to record a {} event: {}", sink.getClass().getSimpleName(), operation,
                    e.getClass().getSimpleName());
        }
    }

    private static void collect(JsonNode node, Set<String> subjects, Set<String> fields) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("idNumber") && e.getValue().isTextual()) {
                    subjects.add(e.getValue().asText());
                } else if (e.getKey().equals("fields") && e.getValue().isArray()) {
                    e.getValue().forEach(f -> fields.add(f.asText()));
                } else {
                    collect(e.getValue(), subjects, fields);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, subjects, fields));
        }
    }
}
