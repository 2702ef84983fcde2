/**
 * Kafka Connect connectors on the SDK: {@link vn.ketnoi.kafka.connect.ChangeFeedSourceConnector}
 * streams the population change feed into a topic, {@link vn.ketnoi.kafka.connect.KetnoiSinkConnector}
 * applies records once each through a {@link vn.ketnoi.kafka.connect.RecordApplier} (e-document
 * issuances built in). {@code docs/scale.md} says how to deploy and size them.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}.
 */
@NullMarked
package vn.ketnoi.kafka.connect;

import org.jspecify.annotations.NullMarked;
