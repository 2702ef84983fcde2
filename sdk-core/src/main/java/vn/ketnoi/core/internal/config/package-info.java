/**
 * ConfigLoader's pieces: the key table (which settings exist, their types, defaults and
 * descriptions), the sources (properties and {@code KETNOI_*} variables, and which wins) and the
 * value parsers. {@link vn.ketnoi.core.config.ConfigLoader} is the entry point; the settings it
 * builds are assembled in {@code vn.ketnoi.core.config}.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.config;

import org.jspecify.annotations.NullMarked;
