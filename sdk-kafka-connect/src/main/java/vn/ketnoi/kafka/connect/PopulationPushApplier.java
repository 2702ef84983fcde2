package vn.ketnoi.kafka.connect;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;
import vn.ketnoi.population.FieldPush;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.PushBatch;
import vn.ketnoi.population.PushItemResult;
import vn.ketnoi.population.SourceField;

/**
 * Applies a record as a push into the population database ({@code ketnoi.connect.apply=population-push},
 * docs/push.md). The record's value is a map (JSON without schema) or a struct:
 * {@code {"idNumber": "001089012345", "field": "HEALTH_INSURANCE_NUMBER", "value": "DN4010123456789",
 * "asOf": "2026-11-01T00:00:00Z"}}, with {@code field} a {@link SourceField} name (or its wire name, {@code healthInsuranceNumber}) and
 * {@code asOf} an ISO instant. The purpose is {@code ketnoi.connect.push.purpose}.
 *
 * <p>One push per call, sent under the record's idempotency key: Connect regroups records
 * differently when it redelivers, so a batch's key would not name the same pushes twice, while a
 * record's key always does. A redelivery gets the verdict stored for the key.
 *
 * <p>The verdicts: {@code APPLIED} is {@link Outcome#APPLIED}; {@code UNCHANGED} (the register holds
 * the value) is {@link Outcome#ALREADY_APPLIED}; {@code CONFLICT} (the provider keeps a value whose
 * as-of is no older) is {@link Outcome#SUPERSEDED}, success with nothing changed; {@code REJECTED},
 * or a verdict this SDK does not know, is a {@link RecordRefusedException} with the provider's reason
 * code, so the record reaches the dead-letter topic.
 */
public final class PopulationPushApplier implements RecordApplier {
    private static final Logger LOG = LoggerFactory.getLogger(PopulationPushApplier.class);

    private @Nullable PopulationClient population;
    private Purpose purpose = Purpose.REGISTER_MAINTENANCE;
    private String operatorId = "";

    private @Nullable SharedQuota quota;

    /** An applier, as the task creates it. */
    public PopulationPushApplier() {
    }

    @Override
    public void start(KetnoiSettings settings, Map<String, String> config) {
        purpose = Purpose.of(config.getOrDefault(SinkSettings.PUSH_PURPOSE, Purpose.REGISTER_MAINTENANCE.code()));
        operatorId = config.get(ConnectSettings.OPERATOR_ID);
        quota = SharedQuota.from(config, settings.clientConfig().agencyId());
        population = PopulationClient.create(quota.apply(settings.clientConfig(), "population"));
    }

    @Override
    public Outcome apply(SinkRecord record, String idempotencyKey) {
        PopulationClient client = population;
        if (client == null) {
            throw new IllegalStateException("the applier is not started");
        }
        PushBatch batch = PushBatch.builder().context(RequestContext.of(purpose, operatorId))
                .idempotencyKey(idempotencyKey)
                .add(push(record.value())).build();
        PushItemResult result = client.push(batch).items().get(0);
        switch (result.verdict()) {
            case APPLIED:
                return Outcome.APPLIED;
            case UNCHANGED:
                return Outcome.ALREADY_APPLIED;
            case CONFLICT:
                // The provider compared the as-ofs and kept the newer value: the place only, no personal data.
                LOG.debug("Ketnoi sink: {}-{}@{} superseded by a newer value held since {}", record.topic(),
                        record.kafkaPartition(), record.kafkaOffset(), result.heldAsOf().orElse(null));
                return Outcome.SUPERSEDED;
            case REJECTED:
                String code = Untrusted.text(result.reason().orElse("record.rejected"), 100);
                StringBuilder why = new StringBuilder("the provider rejected the push");
                if (!result.fieldErrors().isEmpty()) {
                    why.append(" (parts: ");
                    result.fieldErrors().forEach(f -> why.append(Untrusted.text(f.field(), 60)).append(' '));
                    why.setCharAt(why.length() - 1, ')');
                }
                throw new RecordRefusedException(code, why.toString());
            default:
                throw new RecordRefusedException("record.unknown-verdict",
                        "the provider answered a verdict this SDK version does not know");
        }
    }

    /** The record's push; a malformed one is refused naming the part, never repeating a value. */
    static FieldPush push(@Nullable Object value) {
        Map<String, Object> v = EdocumentIssuanceApplier.asMap(value);
        String fieldName = EdocumentIssuanceApplier.text(v, "field");
        SourceField field = java.util.Arrays.stream(SourceField.values()).filter(f -> f.name().equals(fieldName))
                .findFirst().or(() -> SourceField.fromWireName(fieldName)).orElseThrow(() -> new RecordRefusedException(
                        "record.malformed", "the field 'field' is not a pushable field: " + Untrusted.text(fieldName, 40)));
        Instant asOf;
        try {
            asOf = Instant.parse(EdocumentIssuanceApplier.text(v, "asOf"));
        } catch (DateTimeParseException e) {
            throw new RecordRefusedException("record.malformed", "the field 'asOf' is not an ISO instant");
        }
        try {
            return FieldPush.of(PersonalIdNumber.parse(EdocumentIssuanceApplier.text(v, "idNumber")), field,
                    EdocumentIssuanceApplier.text(v, "value"), asOf);
        } catch (InvalidInputException e) {
            throw new RecordRefusedException(e);
        }
    }

    @Override
    public void close() {
        if (population != null) {
            population.close();
            population = null;
        }
        if (quota != null) {
            quota.close();
            quota = null;
        }
    }
}
