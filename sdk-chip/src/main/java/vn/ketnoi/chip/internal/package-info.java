/** Internals of chip verification: DER walking, the SOD, active-authentication signatures. Not API. */
@NullMarked
package vn.ketnoi.chip.internal;

import org.jspecify.annotations.NullMarked;
