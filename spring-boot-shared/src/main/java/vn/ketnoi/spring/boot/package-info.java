/**
 * Spring Boot auto-configuration: Ketnoi clients built from {@code ketnoi.*} properties, a
 * health indicator and metrics when Actuator and Micrometer are present. See docs/spring-boot.md.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.spring.boot;

import org.jspecify.annotations.NullMarked;
