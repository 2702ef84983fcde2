package vn.ketnoi.kafka.connect;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentConflictException;
import vn.ketnoi.vneid.edocuments.DocumentPayload;
import vn.ketnoi.vneid.edocuments.DocumentRefusedException;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DocumentType;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.vneid.edocuments.OperationOutcome;
import vn.ketnoi.vneid.edocuments.PreparedWrite;

/**
 * Applies a record as an e-document issuance ({@code ketnoi.connect.apply=edocument-issuance}).
 * The record's value is a map (JSON without schema) or a struct with
 * {@code documentId}, {@code type} (a wire name such as {@code HEALTH_INSURANCE_CARD}),
 * {@code subject} (the citizen's ID number), {@code issueDate}, {@code validFrom},
 * optional {@code validUntil} (ISO dates) and {@code payload} (the type's fields).
 *
 * <p>Once only: the issuance goes with the record's idempotency key. A redelivered record is
 * signed afresh, so the provider answers {@code request.idempotency-conflict} to its key; the
 * applier then asks the provider what the key's write did ({@link EdocumentsClient#operation})
 * and reports {@link Outcome#ALREADY_APPLIED}, or the stored refusal.
 */
public final class EdocumentIssuanceApplier implements RecordApplier {
    private @Nullable EdocumentsClient edocuments;

    private @Nullable SharedQuota quota;

    /** An applier, as the task creates it. */
    public EdocumentIssuanceApplier() {
    }

    @Override
    public void start(KetnoiSettings settings, Map<String, String> config) {
        quota = SharedQuota.from(config, settings.clientConfig().agencyId());
        EdocumentsClient.Builder b = EdocumentsClient.builder(quota.apply(settings.clientConfig(), "edocuments"))
                .context(RequestContext.of(settings.edocumentsPurpose().orElse(Purpose.PUBLIC_SERVICE),
                        config.get(ConnectSettings.OPERATOR_ID)));
        settings.edocumentsSigningKey().map(DocumentSigningKey::of).ifPresent(b::signingKey);
        edocuments = b.build(); // without ketnoi.edocuments.signing-key.*: refused naming signingKey
    }

    @Override
    public Outcome apply(SinkRecord record, String idempotencyKey) {
        EdocumentsClient client = started();
        Document document = document(record.value());
        PreparedWrite write;
        try {
            write = PreparedWrite.restore(document.documentId(), idempotencyKey,
                    client.prepare(document).signedDocument());
        } catch (InvalidInputException e) {
            throw new RecordRefusedException(e);
        }
        try {
            client.issue(write);
            return Outcome.APPLIED;
        } catch (DocumentRefusedException | DocumentConflictException e) {
            throw new RecordRefusedException(e);
        } catch (KetnoiServiceException e) {
            if (!"request.idempotency-conflict".equals(e.errorCode())) {
                throw e.isRetryable() ? e : new RecordRefusedException(e);
            }
            // An earlier delivery used this key (with other signature bytes): what did it do?
            Optional<OperationOutcome> earlier = client.operation(idempotencyKey);
            if (earlier.isPresent() && earlier.get().wasApplied()) {
                return Outcome.ALREADY_APPLIED;
            }
            throw new RecordRefusedException("record.refused-before", "an earlier delivery of this record was refused"
                    + earlier.map(o -> " with status " + o.status()).orElse(""));
        }
    }

    private EdocumentsClient started() {
        EdocumentsClient c = edocuments;
        if (c == null) {
            throw new IllegalStateException("the applier is not started");
        }
        return c;
    }

    static Document document(@Nullable Object value) {
        Map<String, Object> v = asMap(value);
        try {
            Document.Builder b = Document.builder()
                    .documentId(text(v, "documentId"))
                    .subject(text(v, "subject"))
                    .payload(new RecordPayload(DocumentType.of(text(v, "type")), asMap(v.get("payload"))))
                    .issueDate(date(v, "issueDate"))
                    .validFrom(date(v, "validFrom"));
            if (v.get("validUntil") != null) {
                b.validUntil(date(v, "validUntil"));
            }
            return b.build();
        } catch (InvalidInputException e) {
            throw new RecordRefusedException(e);
        }
    }

    static String text(Map<String, Object> v, String name) {
        Object o = v.get(name);
        if (!(o instanceof String s) || s.isBlank()) {
            throw new RecordRefusedException("record.malformed", "the field '" + name + "' is missing or not text");
        }
        return s;
    }

    private static LocalDate date(Map<String, Object> v, String name) {
        try {
            return LocalDate.parse(text(v, name));
        } catch (DateTimeParseException e) {
            throw new RecordRefusedException("record.malformed", "the field '" + name + "' is not an ISO date");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(@Nullable Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), x instanceof Struct || x instanceof Map ? asMap(x) : x));
            return out;
        }
        if (value instanceof Struct s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field f : s.schema().fields()) {
                Object x = s.get(f);
                out.put(f.name(), x instanceof Struct || x instanceof Map ? asMap(x) : x);
            }
            return out;
        }
        throw new RecordRefusedException("record.malformed", "the value is "
                + (value == null ? "empty" : "not a map or a struct") + ": use the JSON converter or a struct");
    }

    @Override
    public void close() {
        if (edocuments != null) {
            edocuments.close();
            edocuments = null;
        }
        if (quota != null) {
            quota.close();
            quota = null;
        }
    }

    /** A payload as the record gives it; the provider checks its fields against the type. */
    private record RecordPayload(DocumentType type, Map<String, Object> fields) implements DocumentPayload {
        RecordPayload {
            Map<String, Object> present = new LinkedHashMap<>();
            fields.forEach((k, x) -> {
                if (x != null) {
                    present.put(k, x);
                }
            });
            fields = java.util.Collections.unmodifiableMap(present);
        }

        @Override
        public String toString() {
            return "RecordPayload[" + type.wireName() + ", " + fields.size() + " fields]";
        }
    }
}
