/**
 * The request pipeline's open end: {@link vn.ketnoi.core.pipeline.Interceptor}s that
 * applications add to every call (application interceptors) or every HTTP exchange (network
 * interceptors), and the request and response they see.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.pipeline;

import org.jspecify.annotations.NullMarked;
