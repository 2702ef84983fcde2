/**
 * Loading a {@link vn.ketnoi.core.ClientConfig} from {@code ketnoi.*} properties and environment
 * variables ({@link vn.ketnoi.core.config.ConfigLoader}); every key is listed in
 * docs/configuration-reference.md, and a bad value is a {@link
 * vn.ketnoi.core.config.ConfigurationException} naming the key.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.config;

import org.jspecify.annotations.NullMarked;
