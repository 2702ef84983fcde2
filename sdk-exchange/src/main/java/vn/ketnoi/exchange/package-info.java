/**
 * The generic exchange client: one call on any service of the national data-exchange platform by
 * its {@link vn.ketnoi.core.exchange.ServiceId}, through the same pipeline as the typed clients
 * (access token, end-to-end request signature, response verification, resilience, audit,
 * tracing, routes and gateway credentials). Bodies are bound to the caller's own classes with
 * Jackson, or read as an immutable {@link vn.ketnoi.exchange.JsonValue} tree. This is how an
 * agency reaches a database before a typed module exists for it; {@code docs/exchange.md}.
 */
package vn.ketnoi.exchange;
