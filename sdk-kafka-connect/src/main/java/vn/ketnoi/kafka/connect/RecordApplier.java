package vn.ketnoi.kafka.connect;

import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;

import vn.ketnoi.core.config.KetnoiSettings;

/**
 * How {@link KetnoiSinkConnector} applies one record: the strategy named by
 * {@code ketnoi.connect.apply} ({@code edocument-issuance}, {@link EdocumentIssuanceApplier}; {@code population-push},
 * {@link PopulationPushApplier}; or
 * the class name of an implementation with a public no-argument constructor). One instance per task, used from the task's thread only.
 *
 * <p>Contract: the same record under the same idempotency key must take effect once, however often
 * it is applied (the key goes to the provider as the write's {@code Idempotency-Key}). The outcome
 * says whether this call applied it or an earlier delivery had. A refusal that repeating cannot
 * change is a {@link RecordRefusedException} (the record goes to the dead-letter topic with its
 * reason); a {@link vn.ketnoi.core.exception.KetnoiException} that is retryable, or whose write
 * may have been applied, makes Connect deliver the batch again later.
 */
public interface RecordApplier extends AutoCloseable {

    /** What applying a record did. */
    enum Outcome {
        /** Applied by this call. */
        APPLIED,
        /** An earlier delivery of the record had applied it, or the provider held it already; nothing was done twice. */
        ALREADY_APPLIED,
        /** The provider holds newer data and kept it: nothing changed, and nothing is wrong with the record. */
        SUPERSEDED
    }

    /**
     * Builds the clients; called once when the task starts.
     *
     * @param settings the SDK's settings from the connector's {@code ketnoi.*} keys
     * @param config the connector's whole configuration, for the strategy's own keys
     */
    void start(KetnoiSettings settings, Map<String, String> config);

    /**
     * Applies one record.
     *
     * @param record the record
     * @param idempotencyKey a lower-case UUID derived from the record's topic, partition and offset (or its key)
     * @return what was done
     * @throws RecordRefusedException the record cannot be applied, ever
     */
    Outcome apply(SinkRecord record, String idempotencyKey);

    /** Releases the clients. */
    @Override
    void close();
}
